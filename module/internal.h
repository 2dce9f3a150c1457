/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podwq - declarations shared between podwq's source files.  Not for
 * client modules: they include podwq.h only.
 */
#ifndef _PODWQ_INTERNAL_H
#define _PODWQ_INTERNAL_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>

/* main.c */
extern struct kobject *podwq_kobj;

#endif /* _PODWQ_INTERNAL_H */
