// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - affinity pods: the CPU groups of each affinity scope.
 *
 * podwq_pods_init() builds podwq_pod_types[] once, from the possible CPUs
 * and the topology the running kernel knows at that moment, the way Linux
 * 7.2's workqueue_init_topology() does at boot: for each scope a predicate
 * says whether two CPUs share a pod, and pods_init_type() numbers the pods
 * in the order of their lowest CPU.
 *
 * Where the kernel asks cpus_share_cache(), which modules cannot call,
 * podwq derives the last-level cache groups itself, as x86 does for its
 * cpu_llc_shared_map: the LLC's "logical CPUs sharing" count from CPUID
 * leaf 4 (Intel, Centaur, Zhaoxin) or 0x8000001d (AMD, Hygon), rounded up
 * to a power of two, masks the low bits off each CPU's APIC ID; CPUs with
 * the same masked ID and the same NUMA node share an LLC.  Without usable
 * CPUID data the package (topology_core_cpumask) stands in; the llc_groups
 * parameter overrides both.  Documentation/pods.rst has the details and
 * the differences from the kernel.
 *
 * Locking: the tables are written only by podwq_pods_init(), under
 * cpus_read_lock() so that the topology masks it reads hold still, and
 * freed by podwq_pods_exit(); in between they are read-only.  The scratch
 * arrays pods_llc_key[] and pods_shard_id[] live only inside
 * podwq_pods_init().  podwq_affn_dfl is written by the parameter code
 * under kernel_param_lock(THIS_MODULE) and read with READ_ONCE();
 * pods_ready is written under the same lock.
 */
#include "internal.h"

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/numa.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#ifdef CONFIG_X86
#include <asm/apicdef.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <asm/smp.h>
#endif

#include "compat.h"
#include "podwq.h"
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

/* Where the LLC groups of the cache and cache_shard scopes came from. */
enum pods_llc_source {
	PODS_LLC_CPUID_4,		/* CPUID leaf 4 */
	PODS_LLC_CPUID_8000001D,	/* CPUID leaf 0x8000001d */
	PODS_LLC_PACKAGE,		/* topology_core_cpumask() */
	PODS_LLC_PARAM,			/* the llc_groups parameter */
};

static const char * const pods_llc_source_names[] = {
	[PODS_LLC_CPUID_4]		= "cpuid_4",
	[PODS_LLC_CPUID_8000001D]	= "cpuid_8000001d",
	[PODS_LLC_PACKAGE]		= "package",
	[PODS_LLC_PARAM]		= "llc_groups",
};

static enum pods_llc_source pods_llc_source;
static unsigned int pods_llc_level;	/* cache level the CPUID path used */

/* podwq_pods_init() scratch: LLC key per CPU (-1: none), shard per CPU */
static long *pods_llc_key;
static int *pods_shard_id;

/* set once the tables exist: runtime scope changes then reach the core */
static bool pods_ready;

static char *pods_llc_groups;
module_param_named(llc_groups, pods_llc_groups, charp, 0444);
MODULE_PARM_DESC(llc_groups,
		 "Override the last-level cache groups: cpulists separated by ';', e.g. \"0-3;4-7\"");

static struct dentry *pods_debugfs_dir;		/* set only if pods.c made it */
static struct dentry *pods_debugfs_file;

const char *podwq_affn_scope_name(enum podwq_affn_scope scope)
{
	if ((unsigned int)scope >= PODWQ_AFFN_NR_TYPES)
		return "invalid";
	return podwq_affn_names[scope];
}

int podwq_affn_scope_parse(const char *buf)
{
	/* sysfs_streq() lets one trailing newline through */
	return sysfs_match_string(podwq_affn_names, buf);
}

/* Overridden by the workqueue core; alone, pods.c has nothing to update. */
void __weak podwq_affn_dfl_changed(void)
{
}

/* --- module parameters ------------------------------------------------ */

/* the length of @val without a trailing newline, for messages */
static int pods_param_len(const char *val)
{
	return strcspn(val, "\n");
}

static int pods_affn_dfl_set(const char *val, const struct kernel_param *kp)
{
	int affn = podwq_affn_scope_parse(val);

	if (affn < 0 || affn == PODWQ_AFFN_DFL) {
		pr_err("default_affinity_scope: unknown scope '%.*s'; use cpu, smt, cache, cache_shard, numa or system\n",
		       min(pods_param_len(val), 32), val);
		return -EINVAL;
	}

	WRITE_ONCE(podwq_affn_dfl, affn);
	if (pods_ready)
		podwq_affn_dfl_changed();
	return 0;
}

static int pods_affn_dfl_get(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%s\n",
			 podwq_affn_scope_name(READ_ONCE(podwq_affn_dfl)));
}

static const struct kernel_param_ops pods_affn_dfl_ops = {
	.set	= pods_affn_dfl_set,
	.get	= pods_affn_dfl_get,
};
module_param_cb(default_affinity_scope, &pods_affn_dfl_ops, NULL, 0644);
MODULE_PARM_DESC(default_affinity_scope,
		 "Default affinity scope of unbound workqueues: cpu, smt, cache, cache_shard (default), numa or system");

static int pods_shard_size_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;

	/* INT_MAX keeps the shard arithmetic in int */
	if (kstrtouint(val, 0, &n) || n < 1 || n > INT_MAX) {
		pr_err("cache_shard_size: '%.*s' is not a number of cores >= 1\n",
		       min(pods_param_len(val), 32), val);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops pods_shard_size_ops = {
	.set	= pods_shard_size_set,
	.get	= param_get_uint,
};
module_param_cb(cache_shard_size, &pods_shard_size_ops,
		&podwq_cache_shard_size, 0444);
MODULE_PARM_DESC(cache_shard_size,
		 "Target number of cores per cache_shard pod (default 8, >= 1)");

/* --- building one pod type -------------------------------------------- */

static void pods_free_type(struct podwq_pod_type *pt)
{
	int pod;

	if (pt->pod_cpus) {
		for (pod = 0; pod < pt->nr_pods; pod++)
			free_cpumask_var(pt->pod_cpus[pod]);
	}
	kfree(pt->pod_cpus);
	kfree(pt->pod_node);
	kfree(pt->cpu_pod);
	memset(pt, 0, sizeof(*pt));
}

/*
 * pods_init_type - fill @pt from the predicate @share
 *
 * Like the kernel's init_pod_type(): each possible CPU joins the pod of
 * the first lower CPU it shares one with, or opens the next pod.  A pod's
 * node is that of its highest CPU.  On failure @pt is left empty.
 */
static int pods_init_type(struct podwq_pod_type *pt, bool (*share)(int, int))
{
	int cur, pre, cpu, pod, nr_pods = 0;

	pt->cpu_pod = kcalloc(nr_cpu_ids, sizeof(pt->cpu_pod[0]), GFP_KERNEL);
	if (!pt->cpu_pod)
		return -ENOMEM;

	for_each_possible_cpu(cur) {
		for_each_possible_cpu(pre) {
			if (pre >= cur) {
				pt->cpu_pod[cur] = nr_pods++;
				break;
			}
			if (share(cur, pre)) {
				pt->cpu_pod[cur] = pt->cpu_pod[pre];
				break;
			}
		}
	}

	pt->pod_cpus = kcalloc(nr_pods, sizeof(pt->pod_cpus[0]), GFP_KERNEL);
	pt->pod_node = kcalloc(nr_pods, sizeof(pt->pod_node[0]), GFP_KERNEL);
	if (!pt->pod_cpus || !pt->pod_node)
		goto nomem;

	for (pod = 0; pod < nr_pods; pod++) {
		if (!zalloc_cpumask_var(&pt->pod_cpus[pod], GFP_KERNEL)) {
			pt->nr_pods = pod;
			goto nomem;
		}
	}
	pt->nr_pods = nr_pods;

	for_each_possible_cpu(cpu) {
		cpumask_set_cpu(cpu, pt->pod_cpus[pt->cpu_pod[cpu]]);
		pt->pod_node[pt->cpu_pod[cpu]] = cpu_to_node(cpu);
	}
	return 0;

nomem:
	pods_free_type(pt);
	return -ENOMEM;
}

static bool pods_share_none(int cpu0, int cpu1)
{
	return false;
}

static bool pods_share_all(int cpu0, int cpu1)
{
	return true;
}

static bool pods_share_smt(int cpu0, int cpu1)
{
	return cpumask_test_cpu(cpu0, topology_sibling_cpumask(cpu1));
}

static bool pods_share_cache(int cpu0, int cpu1)
{
	if (pods_llc_key[cpu0] < 0 || pods_llc_key[cpu0] != pods_llc_key[cpu1])
		return false;
	/* derived LLCs never span nodes (x86's topology_sane()) */
	return pods_llc_source == PODS_LLC_PARAM ||
	       cpu_to_node(cpu0) == cpu_to_node(cpu1);
}

static bool pods_share_cache_shard(int cpu0, int cpu1)
{
	return pods_share_cache(cpu0, cpu1) &&
	       pods_shard_id[cpu0] == pods_shard_id[cpu1];
}

static bool pods_share_numa(int cpu0, int cpu1)
{
	return cpu_to_node(cpu0) == cpu_to_node(cpu1);
}

/* --- last-level cache groups ------------------------------------------ */

#ifdef CONFIG_X86
struct pods_cpuid_llc {
	u32 leaf;		/* in: 4 or 0x8000001d */
	u32 apicid;		/* out: the APIC ID of the CPU that ran it */
	u32 level;		/* out: the highest data/unified cache level */
	u32 nr_sharing;		/* out: logical CPUs sharing it, 0: none */
};

/* The full (x2)APIC ID of the calling CPU. */
static u32 pods_cpuid_apicid(void)
{
	u32 eax, ebx, ecx, edx;

	if (boot_cpu_data.cpuid_level >= 0xb) {
		cpuid_count(0xb, 0, &eax, &ebx, &ecx, &edx);
		if (ebx & 0xffff)
			return edx;
	}
	return cpuid_ebx(1) >> 24;
}

/* Runs on the CPU asked about, through smp_call_function_single(). */
static void pods_cpuid_llc_read(void *arg)
{
	struct pods_cpuid_llc *l = arg;
	u32 eax, ebx, ecx, edx, i, type, level;

	l->level = 0;
	l->nr_sharing = 0;
	for (i = 0; i < 16; i++) {
		cpuid_count(l->leaf, i, &eax, &ebx, &ecx, &edx);
		type = eax & 0x1f;		/* 0: no more caches */
		if (!type)
			break;
		if (type == 2)			/* instruction cache */
			continue;
		level = (eax >> 5) & 0x7;
		if (level >= l->level) {
			l->level = level;
			l->nr_sharing = ((eax >> 14) & 0xfff) + 1;
		}
	}
	l->apicid = pods_cpuid_apicid();
}

/* pods_llc_key[cpu]: the APIC ID with the LLC's sharing bits masked off */
static u32 pods_llc_id(u32 apicid, u32 nr_sharing)
{
	return apicid & ~((1U << get_count_order(nr_sharing)) - 1);
}

static int pods_llc_from_cpuid(void)
{
	struct pods_cpuid_llc l = {};
	u32 local_sharing;
	int cpu, ret;

	switch (boot_cpu_data.x86_vendor) {
	case X86_VENDOR_INTEL:
	case X86_VENDOR_CENTAUR:
	case X86_VENDOR_ZHAOXIN:
		if (boot_cpu_data.cpuid_level < 4)
			return -ENODEV;
		l.leaf = 4;
		pods_llc_source = PODS_LLC_CPUID_4;
		break;
	case X86_VENDOR_AMD:
	case X86_VENDOR_HYGON:
		if (!boot_cpu_has(X86_FEATURE_TOPOEXT) ||
		    boot_cpu_data.extended_cpuid_level < 0x8000001d)
			return -ENODEV;
		l.leaf = 0x8000001d;
		pods_llc_source = PODS_LLC_CPUID_8000001D;
		break;
	default:
		return -ENODEV;
	}

	/* offline CPUs cannot run CPUID: they get the first online CPU's */
	ret = smp_call_function_single(cpumask_first(cpu_online_mask),
				       pods_cpuid_llc_read, &l, 1);
	/* an LLC below L2 is no LLC: the kernel would not use it either */
	if (ret || !l.nr_sharing || l.level < 2)
		return -ENODEV;
	local_sharing = l.nr_sharing;
	pods_llc_level = l.level;

	for_each_possible_cpu(cpu) {
		u32 apicid = cpu_physical_id(cpu), nr_sharing = local_sharing;

		if (cpu_online(cpu)) {
			ret = smp_call_function_single(cpu, pods_cpuid_llc_read,
						       &l, 1);
			if (ret || !l.nr_sharing || l.level < 2)
				return -ENODEV;
			apicid = l.apicid;
			nr_sharing = l.nr_sharing;
		} else if (apicid == BAD_APICID) {
			/* not present: no topology to go by */
			pods_llc_key[cpu] = -1;
			continue;
		}
		pods_llc_key[cpu] = pods_llc_id(apicid, nr_sharing);
	}
	return 0;
}
#else
static int pods_llc_from_cpuid(void)
{
	return -ENODEV;
}
#endif

/* Without CPUID: the package, or nothing for a CPU that is offline. */
static void pods_llc_from_package(void)
{
	int cpu;

	pods_llc_source = PODS_LLC_PACKAGE;
	pods_llc_level = 0;
	for_each_possible_cpu(cpu) {
		const struct cpumask *pkg = topology_core_cpumask(cpu);

		pods_llc_key[cpu] = cpumask_test_cpu(cpu, pkg) ?
				    (long)cpumask_first(pkg) : -1;
	}
}

/*
 * llc_groups=LIST[;LIST...]: each cpulist is one LLC.  The lists must be
 * disjoint, hold possible CPUs only and keep SMT siblings together; a
 * possible CPU in none of them is an LLC of its own.  ',' cannot separate
 * groups: it is cpulist syntax.
 */
static int pods_llc_from_param(const char *param)
{
	cpumask_var_t group, seen;
	char *buf, *cur, *tok;
	int cpu, nr_groups = 0, ret = 0;

	if (!zalloc_cpumask_var(&group, GFP_KERNEL))
		return -ENOMEM;
	if (!zalloc_cpumask_var(&seen, GFP_KERNEL)) {
		free_cpumask_var(group);
		return -ENOMEM;
	}
	buf = kstrdup(param, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}

	for_each_possible_cpu(cpu)
		pods_llc_key[cpu] = -1;

	cur = strim(buf);
	while ((tok = strsep(&cur, ";")) != NULL) {
		tok = strim(tok);
		ret = *tok ? cpulist_parse(tok, group) : -EINVAL;
		if (!ret && cpumask_empty(group))
			ret = -EINVAL;
		if (ret && ret != -ERANGE) {
			pr_err("llc_groups: group '%s' is not a cpulist\n", tok);
			ret = -EINVAL;
			goto out;
		}
		/* -ERANGE: a CPU at or beyond nr_cpu_ids */
		if (ret || !cpumask_subset(group, cpu_possible_mask)) {
			pr_err("llc_groups: group '%s' names CPUs that are not possible (possible: %*pbl)\n",
			       tok, cpumask_pr_args(cpu_possible_mask));
			ret = -EINVAL;
			goto out;
		}
		if (cpumask_intersects(group, seen)) {
			pr_err("llc_groups: group '%s' overlaps an earlier group\n",
			       tok);
			ret = -EINVAL;
			goto out;
		}
		for_each_cpu(cpu, group) {
			if (!cpumask_subset(topology_sibling_cpumask(cpu), group)) {
				pr_err("llc_groups: group '%s' splits the SMT siblings %*pbl\n",
				       tok, cpumask_pr_args(topology_sibling_cpumask(cpu)));
				ret = -EINVAL;
				goto out;
			}
		}
		cpumask_or(seen, seen, group);
		for_each_cpu(cpu, group)
			pods_llc_key[cpu] = nr_groups;
		nr_groups++;
	}

	if (!cpumask_equal(seen, cpu_possible_mask)) {
		cpumask_andnot(group, cpu_possible_mask, seen);
		pr_warn("llc_groups: CPUs %*pbl are in no group: one LLC each\n",
			cpumask_pr_args(group));
	}
	pods_llc_source = PODS_LLC_PARAM;
	pods_llc_level = 0;
out:
	kfree(buf);
	free_cpumask_var(seen);
	free_cpumask_var(group);
	return ret;
}

static int pods_llc_init(void)
{
	if (pods_llc_groups && *pods_llc_groups)
		return pods_llc_from_param(pods_llc_groups);
	if (pods_llc_from_cpuid())
		pods_llc_from_package();
	return 0;
}

/* --- cache shards, exactly Linux 7.2's layout ------------------------- */

struct pods_shard_layout {
	int nr_shards;		/* shards in the LLC */
	int cores_per_shard;	/* cores in a default shard */
	int nr_large_shards;	/* the first ones have one core more */
};

/* The shard count whose average size is closest to cache_shard_size. */
static struct pods_shard_layout pods_shard_layout(int nr_cores)
{
	struct pods_shard_layout layout;
	int size = podwq_cache_shard_size;

	layout.nr_shards = max(1, DIV_ROUND_CLOSEST(nr_cores, size));
	layout.cores_per_shard = nr_cores / layout.nr_shards;
	layout.nr_large_shards = nr_cores % layout.nr_shards;
	return layout;
}

static int pods_shard_cores(const struct pods_shard_layout *layout, int shard)
{
	return layout->cores_per_shard + (shard < layout->nr_large_shards);
}

/* A core is an SMT sibling group, led by its lowest CPU. */
static int pods_core_leader(int cpu)
{
	const struct podwq_pod_type *smt = &podwq_pod_types[PODWQ_AFFN_SMT];

	return cpumask_first(smt->pod_cpus[smt->cpu_pod[cpu]]);
}

/*
 * Walk one LLC's CPUs in order; each core leader goes to the current
 * shard until it is full, siblings follow their leader.
 */
static void pods_shard_llc(const struct cpumask *llc)
{
	struct pods_shard_layout layout;
	int cpu, leader, nr_cores = 0, shard = 0, cores_in_shard = 0;

	for_each_cpu(cpu, llc)
		nr_cores += pods_core_leader(cpu) == cpu;
	layout = pods_shard_layout(nr_cores);

	for_each_cpu(cpu, llc) {
		leader = pods_core_leader(cpu);
		if (leader != cpu) {
			pods_shard_id[cpu] = pods_shard_id[leader];
			continue;
		}
		if (cores_in_shard == pods_shard_cores(&layout, shard)) {
			shard++;
			cores_in_shard = 0;
		}
		cores_in_shard++;
		pods_shard_id[cpu] = shard;
	}
	WARN_ON_ONCE(shard != layout.nr_shards - 1);
}

static void pods_shard_init(void)
{
	const struct podwq_pod_type *cache = &podwq_pod_types[PODWQ_AFFN_CACHE];
	int pod;

	for (pod = 0; pod < cache->nr_pods; pod++)
		pods_shard_llc(cache->pod_cpus[pod]);
}

/* --- debugfs: podwq/pods ---------------------------------------------- */

/*
 * One line per fact, stable for scripts:
 *   llc_source SOURCE [level N]
 *   cache_shard_size N
 *   default_affinity_scope SCOPE
 *   SCOPE nr_pods N
 *   SCOPE pod POD node NODE cpus CPULIST      (nr_pods lines)
 *   SCOPE cpu_pod CPU:POD ...                 (possible CPUs)
 * for SCOPE cpu, smt, cache, cache_shard, numa, system in that order.
 */
static int pods_show(struct seq_file *m, void *v)
{
	const struct podwq_pod_type *pt;
	const char *name;
	int scope, pod, cpu;

	seq_printf(m, "llc_source %s", pods_llc_source_names[pods_llc_source]);
	if (pods_llc_level)
		seq_printf(m, " level %u", pods_llc_level);
	seq_putc(m, '\n');
	seq_printf(m, "cache_shard_size %u\n", podwq_cache_shard_size);
	seq_printf(m, "default_affinity_scope %s\n",
		   podwq_affn_scope_name(READ_ONCE(podwq_affn_dfl)));

	for (scope = PODWQ_AFFN_CPU; scope < PODWQ_AFFN_NR_TYPES; scope++) {
		pt = &podwq_pod_types[scope];
		name = podwq_affn_scope_name(scope);

		seq_printf(m, "%s nr_pods %d\n", name, pt->nr_pods);
		for (pod = 0; pod < pt->nr_pods; pod++)
			seq_printf(m, "%s pod %d node %d cpus %*pbl\n", name,
				   pod, pt->pod_node[pod],
				   cpumask_pr_args(pt->pod_cpus[pod]));
		seq_printf(m, "%s cpu_pod", name);
		for_each_possible_cpu(cpu)
			seq_printf(m, " %d:%d", cpu, pt->cpu_pod[cpu]);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pods);

/*
 * The podwq debugfs directory is shared: use it if another part of podwq
 * made it, else make it and remove it (with whatever is left in it) at
 * exit.  debugfs errors are not fatal, by debugfs convention.
 */
static void pods_debugfs_init(void)
{
	struct dentry *dir = debugfs_lookup("podwq", NULL);

	if (!dir) {
		dir = debugfs_create_dir("podwq", NULL);
		pods_debugfs_dir = dir;
	}
	pods_debugfs_file = debugfs_create_file("pods", 0444, dir, NULL,
						&pods_fops);
	if (!pods_debugfs_dir)
		dput(dir);		/* debugfs_lookup()'s reference */
}

static void pods_debugfs_exit(void)
{
	debugfs_remove(pods_debugfs_file);
	debugfs_remove(pods_debugfs_dir);
	pods_debugfs_file = NULL;
	pods_debugfs_dir = NULL;
}

/* --- init and exit ---------------------------------------------------- */

static void pods_free_all(void)
{
	int scope;

	for (scope = 0; scope < PODWQ_AFFN_NR_TYPES; scope++)
		pods_free_type(&podwq_pod_types[scope]);
}

static int pods_build(void)
{
	struct podwq_pod_type *pt = podwq_pod_types;
	int ret;

	ret = pods_init_type(&pt[PODWQ_AFFN_CPU], pods_share_none);
	if (!ret)
		ret = pods_init_type(&pt[PODWQ_AFFN_SMT], pods_share_smt);
	if (!ret)
		ret = pods_llc_init();
	if (!ret)
		ret = pods_init_type(&pt[PODWQ_AFFN_CACHE], pods_share_cache);
	if (!ret) {
		pods_shard_init();
		ret = pods_init_type(&pt[PODWQ_AFFN_CACHE_SHARD],
				     pods_share_cache_shard);
	}
	if (!ret)
		ret = pods_init_type(&pt[PODWQ_AFFN_NUMA], pods_share_numa);
	if (!ret)
		ret = pods_init_type(&pt[PODWQ_AFFN_SYSTEM], pods_share_all);
	if (ret)
		return ret;

	/* as in the kernel's tables: the system pod has no node */
	pt[PODWQ_AFFN_SYSTEM].pod_node[0] = NUMA_NO_NODE;
	return 0;
}

int podwq_pods_init(void)
{
	int ret = -ENOMEM;

	pods_llc_key = kcalloc(nr_cpu_ids, sizeof(*pods_llc_key), GFP_KERNEL);
	pods_shard_id = kcalloc(nr_cpu_ids, sizeof(*pods_shard_id), GFP_KERNEL);
	if (pods_llc_key && pods_shard_id) {
		cpus_read_lock();
		ret = pods_build();
		cpus_read_unlock();
	}
	kfree(pods_llc_key);
	kfree(pods_shard_id);
	pods_llc_key = NULL;
	pods_shard_id = NULL;
	if (ret) {
		pods_free_all();
		return ret;
	}

	pods_debugfs_init();

	kernel_param_lock(THIS_MODULE);
	pods_ready = true;
	kernel_param_unlock(THIS_MODULE);

	pr_info("pods: llc from %s; %d cache, %d cache_shard pods (size %u); default scope %s\n",
		pods_llc_source_names[pods_llc_source],
		podwq_pod_types[PODWQ_AFFN_CACHE].nr_pods,
		podwq_pod_types[PODWQ_AFFN_CACHE_SHARD].nr_pods,
		podwq_cache_shard_size,
		podwq_affn_scope_name(READ_ONCE(podwq_affn_dfl)));
	return 0;
}

void podwq_pods_exit(void)
{
	kernel_param_lock(THIS_MODULE);
	pods_ready = false;
	kernel_param_unlock(THIS_MODULE);

	pods_debugfs_exit();
	pods_free_all();
}
