// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - stand-in pod tables, built only while module/pods.c is absent
 * (module/Kbuild picks one or the other).  It implements pods.h simply so
 * that the engine builds and runs on its own: cpu, smt and numa pods as
 * the kernel forms them, the package standing in for the last-level
 * cache (modules can't see the LLC map), cache_shard equal to cache, and
 * one system pod.  The real module/pods.c replaces all of it; delete
 * this file once that has landed.
 *
 * Locking: as pods.h says, the tables are written in podwq_pods_init()
 * and read-only afterwards; podwq_affn_dfl changes under the module
 * parameter lock and is read with READ_ONCE().
 */
#include "internal.h"

#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/topology.h>

#include "pods.h"

struct podwq_pod_type podwq_pod_types[PODWQ_AFFN_NR_TYPES];
enum podwq_affn_scope podwq_affn_dfl = PODWQ_AFFN_CACHE_SHARD;
unsigned int podwq_cache_shard_size = 8;

static const char * const podwq_affn_names[PODWQ_AFFN_NR_TYPES] = {
	[PODWQ_AFFN_DFL]		= "default",
	[PODWQ_AFFN_CPU]		= "cpu",
	[PODWQ_AFFN_SMT]		= "smt",
	[PODWQ_AFFN_CACHE]		= "cache",
	[PODWQ_AFFN_CACHE_SHARD]	= "cache_shard",
	[PODWQ_AFFN_NUMA]		= "numa",
	[PODWQ_AFFN_SYSTEM]		= "system",
};

const char *podwq_affn_scope_name(enum podwq_affn_scope scope)
{
	if (scope < 0 || scope >= PODWQ_AFFN_NR_TYPES)
		return "invalid";
	return podwq_affn_names[scope];
}

int podwq_affn_scope_parse(const char *buf)
{
	int ret = sysfs_match_string(podwq_affn_names, buf);

	return ret < 0 ? -EINVAL : ret;
}

/* the workqueue core overrides this to remap workqueues on the default */
void __weak podwq_affn_dfl_changed(void)
{
}

static int affn_dfl_set(const char *val, const struct kernel_param *kp)
{
	int scope = podwq_affn_scope_parse(val);

	if (scope < 0 || scope == PODWQ_AFFN_DFL) {
		pr_err("default_affinity_scope: '%.*s' is not an affinity scope\n",
		       (int)strcspn(val, "\n"), val);
		return -EINVAL;
	}
	WRITE_ONCE(podwq_affn_dfl, scope);
	podwq_affn_dfl_changed();
	return 0;
}

static int affn_dfl_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n",
			  podwq_affn_scope_name(READ_ONCE(podwq_affn_dfl)));
}

static const struct kernel_param_ops affn_dfl_ops = {
	.set	= affn_dfl_set,
	.get	= affn_dfl_get,
};

module_param_cb(default_affinity_scope, &affn_dfl_ops, NULL, 0644);
MODULE_PARM_DESC(default_affinity_scope,
		 "Affinity scope of unbound workqueues on \"default\"");
module_param_named(cache_shard_size, podwq_cache_shard_size, uint, 0444);
MODULE_PARM_DESC(cache_shard_size, "Cores per cache shard (default 8)");

static bool share_none(int a, int b)
{
	return false;
}

static bool share_smt(int a, int b)
{
	return cpumask_test_cpu(b, topology_sibling_cpumask(a));
}

static bool share_package(int a, int b)
{
	return cpumask_test_cpu(b, topology_core_cpumask(a));
}

static bool share_node(int a, int b)
{
	return cpu_to_node(a) == cpu_to_node(b);
}

static bool share_all(int a, int b)
{
	return true;
}

static void free_pod_type(struct podwq_pod_type *pt)
{
	int pod;

	if (pt->pod_cpus)
		for (pod = 0; pod < pt->nr_pods; pod++)
			free_cpumask_var(pt->pod_cpus[pod]);
	kfree(pt->pod_cpus);
	kfree(pt->pod_node);
	kfree(pt->cpu_pod);
	memset(pt, 0, sizeof(*pt));
}

/* group the possible CPUs into pods by @share, numbered by lowest CPU */
static int init_pod_type(struct podwq_pod_type *pt, bool (*share)(int, int),
			 bool system)
{
	int cur, pre, cpu, pod;

	pt->cpu_pod = kcalloc(nr_cpu_ids, sizeof(pt->cpu_pod[0]), GFP_KERNEL);
	if (!pt->cpu_pod)
		return -ENOMEM;

	pt->nr_pods = 0;
	for_each_possible_cpu(cur) {
		for_each_possible_cpu(pre) {
			if (pre >= cur) {
				pt->cpu_pod[cur] = pt->nr_pods++;
				break;
			}
			if (share(cur, pre)) {
				pt->cpu_pod[cur] = pt->cpu_pod[pre];
				break;
			}
		}
	}

	pt->pod_cpus = kcalloc(pt->nr_pods, sizeof(pt->pod_cpus[0]),
			       GFP_KERNEL);
	pt->pod_node = kcalloc(pt->nr_pods, sizeof(pt->pod_node[0]),
			       GFP_KERNEL);
	if (!pt->pod_cpus || !pt->pod_node)
		return -ENOMEM;

	for (pod = 0; pod < pt->nr_pods; pod++)
		if (!zalloc_cpumask_var(&pt->pod_cpus[pod], GFP_KERNEL))
			return -ENOMEM;

	for_each_possible_cpu(cpu) {
		cpumask_set_cpu(cpu, pt->pod_cpus[pt->cpu_pod[cpu]]);
		pt->pod_node[pt->cpu_pod[cpu]] =
			system ? NUMA_NO_NODE : cpu_to_node(cpu);
	}
	return 0;
}

int podwq_pods_init(void)
{
	static const struct {
		enum podwq_affn_scope scope;
		bool (*share)(int, int);
	} types[] = {
		{ PODWQ_AFFN_CPU,		share_none },
		{ PODWQ_AFFN_SMT,		share_smt },
		{ PODWQ_AFFN_CACHE,		share_package },
		{ PODWQ_AFFN_CACHE_SHARD,	share_package },
		{ PODWQ_AFFN_NUMA,		share_node },
		{ PODWQ_AFFN_SYSTEM,		share_all },
	};
	int i, ret;

	if (!podwq_cache_shard_size) {
		pr_err("cache_shard_size must be at least 1\n");
		return -EINVAL;
	}

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ret = init_pod_type(&podwq_pod_types[types[i].scope],
				    types[i].share,
				    types[i].scope == PODWQ_AFFN_SYSTEM);
		if (ret) {
			podwq_pods_exit();
			return ret;
		}
	}
	return 0;
}

void podwq_pods_exit(void)
{
	int i;

	for (i = 0; i < PODWQ_AFFN_NR_TYPES; i++)
		free_pod_type(&podwq_pod_types[i]);
}
