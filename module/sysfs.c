// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - sysfs: /sys/kernel/podwq/cpumask, the unbound cpumask, and a
 * directory /sys/kernel/podwq/<name>/ per PODWQ_SYSFS workqueue with the
 * attributes Linux 7.2 shows under /sys/bus/workqueue/devices/<name>/:
 *
 *   per_cpu          RO  1 for a per-CPU workqueue, 0 for an unbound one
 *   max_active       RW  1..PODWQ_MAX_ACTIVE (RO for ordered workqueues)
 *   nice             RW  unbound only: -20..19
 *   cpumask          RW  unbound only: hex CPU mask
 *   affinity_scope   RW  unbound only: a scope name, or "default"
 *   affinity_strict  RW  unbound only: 0 or 1
 *
 * Every write is checked in full before anything changes: a bad one
 * returns -EINVAL and leaves the old value.
 *
 * Locking: podwq_sysfs_mutex serialises registration, so that the name
 * check and the directory creation can't race.  Attribute methods run
 * with a kernfs active reference; podwq_sysfs_unregister() removes the
 * directory, which waits for them, before the workqueue goes away.
 * Changes take cpus_read_lock() and podwq_pool_mutex as
 * podwq_apply_workqueue_attrs() does.
 */
#include "internal.h"

#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/kernfs.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "pods.h"

/* a workqueue's sysfs directory */
struct podwq_wq_sysfs {
	struct kobject		kobj;
	struct podwq_workqueue	*wq;
};

static DEFINE_MUTEX(podwq_sysfs_mutex);

static struct podwq_workqueue *kobj_to_wq(struct kobject *kobj)
{
	return container_of(kobj, struct podwq_wq_sysfs, kobj)->wq;
}

/*
 * Parse a hex CPU mask: hex digits and commas, one trailing newline at
 * most.  Returns 0 or -EINVAL.
 */
static int parse_cpumask(const char *buf, size_t count, struct cpumask *mask)
{
	size_t len = count, i;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isxdigit(buf[i]) && buf[i] != ',')
			return -EINVAL;
	if (bitmap_parse(buf, len, cpumask_bits(mask), nr_cpumask_bits))
		return -EINVAL;
	return 0;
}

/* a usable mask: some possible CPU in it is online */
static bool cpumask_usable(struct cpumask *mask)
{
	cpumask_and(mask, mask, cpu_possible_mask);
	return cpumask_intersects(mask, cpu_online_mask);
}

static ssize_t per_cpu_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);

	return sysfs_emit(buf, "%d\n", !(wq->flags & PODWQ_UNBOUND));
}
static struct kobj_attribute per_cpu_attr = __ATTR_RO(per_cpu);

static ssize_t max_active_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);

	return sysfs_emit(buf, "%d\n", READ_ONCE(wq->saved_max_active));
}

static ssize_t max_active_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);
	int val;

	if (kstrtoint(buf, 10, &val) || val < 1 || val > PODWQ_MAX_ACTIVE)
		return -EINVAL;

	podwq_workqueue_set_max_active(wq, val);
	return count;
}
static struct kobj_attribute max_active_attr = __ATTR_RW(max_active);

static struct attribute *wq_attrs[] = {
	&per_cpu_attr.attr,
	&max_active_attr.attr,
	NULL,
};

static umode_t wq_attr_is_visible(struct kobject *kobj, struct attribute *a,
				  int n)
{
	/* max_active 1 is what keeps an ordered workqueue in order */
	if (a == &max_active_attr.attr &&
	    (kobj_to_wq(kobj)->flags & __PODWQ_ORDERED))
		return 0444;
	return a->mode;
}

static const struct attribute_group wq_group = {
	.attrs		= wq_attrs,
	.is_visible	= wq_attr_is_visible,
};

/*
 * Apply a change to a copy of @wq's attributes, made by @change, which
 * returns 0 or -EINVAL.
 */
static int wq_change_attrs(struct podwq_workqueue *wq,
			   int (*change)(struct podwq_attrs *attrs,
					 const void *arg),
			   const void *arg)
{
	struct podwq_attrs *attrs;
	int ret = -ENOMEM;

	cpus_read_lock();
	mutex_lock(&podwq_pool_mutex);

	attrs = podwq_alloc_workqueue_attrs();
	if (attrs) {
		podwq_copy_attrs(attrs, wq->unbound_attrs);
		ret = change(attrs, arg);
		if (!ret)
			ret = podwq_apply_workqueue_attrs_locked(wq, attrs);
	}

	mutex_unlock(&podwq_pool_mutex);
	cpus_read_unlock();
	podwq_free_workqueue_attrs(attrs);
	return ret;
}

static ssize_t nice_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);
	ssize_t written;

	mutex_lock(&wq->mutex);
	written = sysfs_emit(buf, "%d\n", wq->unbound_attrs->nice);
	mutex_unlock(&wq->mutex);
	return written;
}

static int change_nice(struct podwq_attrs *attrs, const void *arg)
{
	attrs->nice = *(const int *)arg;
	return 0;
}

static ssize_t nice_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	int nice, ret;

	if (kstrtoint(buf, 10, &nice) || nice < MIN_NICE || nice > MAX_NICE)
		return -EINVAL;

	ret = wq_change_attrs(kobj_to_wq(kobj), change_nice, &nice);
	return ret ?: count;
}
static struct kobj_attribute nice_attr = __ATTR_RW(nice);

static ssize_t cpumask_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);
	ssize_t written;

	mutex_lock(&wq->mutex);
	written = sysfs_emit(buf, "%*pb\n",
			     cpumask_pr_args(wq->unbound_attrs->cpumask));
	mutex_unlock(&wq->mutex);
	return written;
}

static int change_cpumask(struct podwq_attrs *attrs, const void *arg)
{
	cpumask_copy(attrs->cpumask, arg);
	return 0;
}

static ssize_t cpumask_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;

	ret = parse_cpumask(buf, count, mask);
	if (!ret && !cpumask_usable(mask))
		ret = -EINVAL;
	if (!ret)
		ret = wq_change_attrs(kobj_to_wq(kobj), change_cpumask, mask);

	free_cpumask_var(mask);
	return ret ?: count;
}
static struct kobj_attribute cpumask_attr = __ATTR_RW(cpumask);

static ssize_t affinity_scope_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);
	enum podwq_affn_scope scope;
	ssize_t written;

	mutex_lock(&wq->mutex);
	scope = wq->unbound_attrs->affn_scope;
	if (scope == PODWQ_AFFN_DFL)
		written = sysfs_emit(buf, "%s (%s)\n",
				     podwq_affn_scope_name(PODWQ_AFFN_DFL),
				     podwq_affn_scope_name(READ_ONCE(podwq_affn_dfl)));
	else
		written = sysfs_emit(buf, "%s\n", podwq_affn_scope_name(scope));
	mutex_unlock(&wq->mutex);
	return written;
}

static int change_scope(struct podwq_attrs *attrs, const void *arg)
{
	attrs->affn_scope = *(const int *)arg;
	return 0;
}

static ssize_t affinity_scope_store(struct kobject *kobj,
				    struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	int scope, ret;

	scope = podwq_affn_scope_parse(buf);
	if (scope < 0 || scope >= PODWQ_AFFN_NR_TYPES)
		return -EINVAL;

	ret = wq_change_attrs(kobj_to_wq(kobj), change_scope, &scope);
	return ret ?: count;
}
static struct kobj_attribute affinity_scope_attr = __ATTR_RW(affinity_scope);

static ssize_t affinity_strict_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);
	ssize_t written;

	mutex_lock(&wq->mutex);
	written = sysfs_emit(buf, "%d\n", wq->unbound_attrs->affn_strict);
	mutex_unlock(&wq->mutex);
	return written;
}

static int change_strict(struct podwq_attrs *attrs, const void *arg)
{
	attrs->affn_strict = *(const int *)arg;
	return 0;
}

static ssize_t affinity_strict_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	int v, ret;

	if (kstrtoint(buf, 10, &v) || (v != 0 && v != 1))
		return -EINVAL;

	ret = wq_change_attrs(kobj_to_wq(kobj), change_strict, &v);
	return ret ?: count;
}
static struct kobj_attribute affinity_strict_attr =
	__ATTR_RW(affinity_strict);

/*
 * min_active: Linux 7.2 has no such file; podwq's issue asks for
 * podwq_workqueue_set_min_active() from sysfs too.  Unbound, non-ordered
 * workqueues only, as the call.
 */
static ssize_t min_active_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);

	return sysfs_emit(buf, "%d\n", READ_ONCE(wq->saved_min_active));
}

static ssize_t min_active_store(struct kobject *kobj,
				struct kobj_attribute *attr, const char *buf,
				size_t count)
{
	struct podwq_workqueue *wq = kobj_to_wq(kobj);
	int val;

	if (kstrtoint(buf, 10, &val) || val < 0 ||
	    val > READ_ONCE(wq->saved_max_active))
		return -EINVAL;

	podwq_workqueue_set_min_active(wq, val);
	return count;
}
static struct kobj_attribute min_active_attr = __ATTR_RW(min_active);

static struct attribute *wq_unbound_attrs[] = {
	&min_active_attr.attr,
	&nice_attr.attr,
	&cpumask_attr.attr,
	&affinity_scope_attr.attr,
	&affinity_strict_attr.attr,
	NULL,
};

static umode_t wq_unbound_attr_is_visible(struct kobject *kobj,
					  struct attribute *a, int n)
{
	unsigned int flags = kobj_to_wq(kobj)->flags;

	if (!(flags & PODWQ_UNBOUND))
		return 0;
	/* an ordered workqueue runs one item: nothing to guarantee */
	if (a == &min_active_attr.attr && (flags & __PODWQ_ORDERED))
		return 0;
	return a->mode;
}

static const struct attribute_group wq_unbound_group = {
	.attrs		= wq_unbound_attrs,
	.is_visible	= wq_unbound_attr_is_visible,
};

static const struct attribute_group *wq_groups[] = {
	&wq_group,
	&wq_unbound_group,
	NULL,
};

static void wq_sysfs_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct podwq_wq_sysfs, kobj));
}

static const struct kobj_type wq_sysfs_ktype = {
	.release	= wq_sysfs_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= wq_groups,
};

/**
 * podwq_sysfs_register - show @wq under /sys/kernel/podwq/<name>/
 * @wq: a workqueue being allocated with PODWQ_SYSFS
 *
 * Context: sleeps.  Return: 0, -EEXIST if the name is taken there,
 * -EINVAL if it can't be a directory name, or -ENOMEM.
 */
int podwq_sysfs_register(struct podwq_workqueue *wq)
{
	char name[PODWQ_NAME_LEN];
	struct podwq_wq_sysfs *wq_dev;
	struct kernfs_node *kn;
	int ret;

	/* kobject names turn '/' into '!' */
	strscpy(name, wq->name, sizeof(name));
	strreplace(name, '/', '!');
	if (!name[0] || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;

	wq_dev = kzalloc(sizeof(*wq_dev), GFP_KERNEL);
	if (!wq_dev)
		return -ENOMEM;
	wq_dev->wq = wq;

	mutex_lock(&podwq_sysfs_mutex);

	/* a clash would make sysfs complain loudly: check first */
	kn = kernfs_find_and_get(podwq_kobj->sd, name);
	if (kn) {
		kernfs_put(kn);
		kfree(wq_dev);
		ret = -EEXIST;
		goto out_unlock;
	}

	ret = kobject_init_and_add(&wq_dev->kobj, &wq_sysfs_ktype, podwq_kobj,
				   "%s", name);
	if (ret) {
		kobject_put(&wq_dev->kobj);
		goto out_unlock;
	}
	wq->wq_dev = wq_dev;
	kobject_uevent(&wq_dev->kobj, KOBJ_ADD);

out_unlock:
	mutex_unlock(&podwq_sysfs_mutex);
	return ret;
}

/**
 * podwq_sysfs_unregister - remove @wq's directory, if it has one
 * @wq: the workqueue
 *
 * Returns after every attribute method on it has finished.
 *
 * Context: sleeps; no podwq lock held.
 */
void podwq_sysfs_unregister(struct podwq_workqueue *wq)
{
	struct podwq_wq_sysfs *wq_dev;

	mutex_lock(&podwq_sysfs_mutex);
	wq_dev = wq->wq_dev;
	wq->wq_dev = NULL;
	mutex_unlock(&podwq_sysfs_mutex);

	if (wq_dev) {
		kobject_del(&wq_dev->kobj);
		kobject_put(&wq_dev->kobj);
	}
}

/* /sys/kernel/podwq/cpumask: the CPUs unbound workqueues may use */
static ssize_t unbound_cpumask_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	ssize_t written;

	mutex_lock(&podwq_pool_mutex);
	written = sysfs_emit(buf, "%*pb\n",
			     cpumask_pr_args(podwq_unbound_cpumask));
	mutex_unlock(&podwq_pool_mutex);
	return written;
}

static ssize_t unbound_cpumask_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;

	ret = parse_cpumask(buf, count, mask);
	if (!ret && !cpumask_usable(mask))
		ret = -EINVAL;
	if (!ret) {
		cpus_read_lock();
		mutex_lock(&podwq_pool_mutex);
		ret = podwq_set_unbound_cpumask(mask);
		mutex_unlock(&podwq_pool_mutex);
		cpus_read_unlock();
	}

	free_cpumask_var(mask);
	return ret ?: count;
}

static struct kobj_attribute unbound_cpumask_attr =
	__ATTR(cpumask, 0644, unbound_cpumask_show, unbound_cpumask_store);

/* add /sys/kernel/podwq/cpumask; podwq_kobj exists already */
int podwq_sysfs_init(void)
{
	return sysfs_create_file(podwq_kobj, &unbound_cpumask_attr.attr);
}

void podwq_sysfs_exit(void)
{
	sysfs_remove_file(podwq_kobj, &unbound_cpumask_attr.attr);
}
