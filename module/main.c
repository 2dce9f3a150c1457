// SPDX-License-Identifier: GPL-2.0
/*
 * podwq - module entry and exit, and the /sys/kernel/podwq root.
 *
 * Locking: podwq_kobj and podwq_debugfs_dir are created in podwq_init()
 * before anything can reach them and dropped in podwq_exit() after
 * everything that used them is gone; they need no lock of their own.  Init brings the parts up in dependency order
 * (pod tables, then the workqueue engine, then its sysfs files) and exit
 * takes them down in reverse; client modules hold a reference on podwq
 * through their symbol references, so none is loaded at exit.
 */
#include "internal.h"

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include <linux/utsname.h>

#include "podwq.h"
#include "pods.h"

struct kobject *podwq_kobj;
struct dentry *podwq_debugfs_dir;

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", PODWQ_VERSION);
}
static struct kobj_attribute version_attr = __ATTR_RO(version);

static struct attribute *podwq_root_attrs[] = {
	&version_attr.attr,
	NULL,
};

static const struct attribute_group podwq_root_group = {
	.attrs = podwq_root_attrs,
};

static int __init podwq_init(void)
{
	int ret;

	podwq_kobj = kobject_create_and_add("podwq", kernel_kobj);
	if (!podwq_kobj)
		return -ENOMEM;

	/* debugfs errors are not fatal, by debugfs convention */
	podwq_debugfs_dir = debugfs_create_dir("podwq", NULL);
	podwq_objects_init();

	ret = sysfs_create_group(podwq_kobj, &podwq_root_group);
	if (ret)
		goto err_put_kobj;

	ret = podwq_pods_init();
	if (ret)
		goto err_remove_group;

	ret = podwq_workqueue_init();
	if (ret)
		goto err_pods;

	ret = podwq_sysfs_init();
	if (ret)
		goto err_workqueue;

	podwq_watchdog_init();

	pr_info("podwq %s loaded on Linux %s\n", PODWQ_VERSION,
		init_utsname()->release);
	return 0;

err_workqueue:
	podwq_workqueue_exit();
err_pods:
	podwq_pods_exit();
err_remove_group:
	sysfs_remove_group(podwq_kobj, &podwq_root_group);
err_put_kobj:
	debugfs_remove(podwq_debugfs_dir);
	kobject_put(podwq_kobj);
	return ret;
}

static void __exit podwq_exit(void)
{
	podwq_watchdog_exit();
	podwq_sysfs_exit();
	podwq_workqueue_exit();
	podwq_pods_exit();
	podwq_objects_check();
	debugfs_remove(podwq_debugfs_dir);
	sysfs_remove_group(podwq_kobj, &podwq_root_group);
	kobject_put(podwq_kobj);
	pr_info("podwq %s unloaded\n", PODWQ_VERSION);
}

module_init(podwq_init);
module_exit(podwq_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podwq: the modern Linux workqueue engine for 6.1+");
MODULE_VERSION(PODWQ_VERSION);
