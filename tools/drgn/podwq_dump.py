#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
"""
podwq_dump.py: the drgn twin of podwq-dump (tools/podwq-dump).

Prints podwq-dump's default output, Linux's tools/workqueue/wq_dump.py
applied to podwq's structures, from drgn's view of the same target, so the
two can be diffed byte for byte: podwq-dump reads BTF and kallsyms itself,
this script reads DWARF through drgn.  With --busy and/or --pending it
prints podwq-dump's "Busy workers" and "Pending work items" instead, with
function names from the kernel's and the modules' kallsyms, as podwq-dump
names them.  Written from the inspector contract
(Documentation/internals.rst), not from podwq-dump's source.

  drgn -c VMCORE -s vmlinux-dbg -s podwq.ko tools/drgn/podwq_dump.py

drgn needs the kernel's debug vmlinux: scripts/drgn-setup.sh fetches it
(and runs drgn: scripts/drgn-setup.sh --run LINE -c VMCORE -s podwq.ko
tools/drgn/podwq_dump.py).

Where podwq lacks what the kernel has, it prints what podwq-dump prints:
no " bh" mark without PODWQ_POOL_BH, pid "-" for a MEM_RECLAIM workqueue
without a rescuer (a podwq older than its rescuers), "-" for a missing
node_nr_active slot.
"""

import argparse
import sys

import drgn
from drgn.helpers.linux.cpumask import for_each_cpu, for_each_possible_cpu
from drgn.helpers.linux.idr import idr_for_each
from drgn.helpers.linux.kallsyms import module_kallsyms
from drgn.helpers.linux.list import hlist_for_each_entry, list_for_each_entry
from drgn.helpers.linux.module import address_to_module
from drgn.helpers.linux.nodemask import for_each_node
from drgn.helpers.linux.percpu import per_cpu_ptr

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
parser.add_argument('--busy', action='store_true',
                    help='only the busy workers, as podwq-dump --busy')
parser.add_argument('--pending', action='store_true',
                    help='only the pending and inactive items, as podwq-dump --pending')
args = parser.parse_args()


def err(s):
    print(f'podwq_dump.py: {s}', file=sys.stderr, flush=True)
    sys.exit(1)


def lookup(name):
    try:
        return prog[name]
    except KeyError:
        return None


def has(obj, member):
    try:
        getattr(obj, member)
        return True
    except AttributeError:
        return False


def cpumask_str(cpumask):
    # wq_dump.py's: full 32-bit words as hex() and a space, the last %08x
    output = ''
    base = 0
    v = 0
    for cpu in for_each_cpu(cpumask[0]):
        while cpu - base >= 32:
            output += f'{hex(v)} '
            base += 32
            v = 0
        v |= 1 << (cpu - base)
    if v > 0:
        output += f'{v:08x}'
    return output.strip()


if lookup('podwq_pod_types') is None:
    err('podwq_pod_types not found: podwq not loaded, or no debug info for podwq.ko (-s)')

podwq_pool_idr = prog['podwq_pool_idr']
podwq_workqueues = prog['podwq_workqueues']
podwq_unbound_cpumask = prog['podwq_unbound_cpumask']
podwq_pod_types = prog['podwq_pod_types']
podwq_affn_dfl = prog['podwq_affn_dfl']
podwq_affn_names = lookup('podwq_affn_names')


def const(name, default=0):
    v = lookup(name)
    return default if v is None else v.value_()


PODWQ_BH = const('PODWQ_BH')
PODWQ_UNBOUND = const('PODWQ_UNBOUND')
PODWQ_ORDERED = const('__PODWQ_ORDERED')
PODWQ_MEM_RECLAIM = const('PODWQ_MEM_RECLAIM')
PODWQ_POOL_BH = const('PODWQ_POOL_BH')
SCOPES = [('CPU', 'PODWQ_AFFN_CPU'), ('SMT', 'PODWQ_AFFN_SMT'),
          ('CACHE', 'PODWQ_AFFN_CACHE'), ('CACHE_SHARD', 'PODWQ_AFFN_CACHE_SHARD'),
          ('NUMA', 'PODWQ_AFFN_NUMA'), ('SYSTEM', 'PODWQ_AFFN_SYSTEM')]
NAME_LEN = const('PODWQ_NAME_LEN')
if not 0 < NAME_LEN <= 256:
    NAME_LEN = drgn.sizeof(prog.type('struct podwq_workqueue').member('name').type)
wq_type_len = 9


def wq_type_str(wq):
    if wq.flags & PODWQ_BH:
        return f'{"bh":{wq_type_len}}'
    elif wq.flags & PODWQ_UNBOUND:
        if wq.flags & PODWQ_ORDERED:
            return f'{"ordered":{wq_type_len}}'
        elif wq.unbound_attrs.affn_strict:
            return f'{"unbound,S":{wq_type_len}}'
        else:
            return f'{"unbound":{wq_type_len}}'
    else:
        return f'{"percpu":{wq_type_len}}'


def workqueues():
    return list_for_each_entry('struct podwq_workqueue',
                               podwq_workqueues.address_of_(), 'list')


cpumask_str_len = len(cpumask_str(podwq_unbound_cpumask))

# ---- --busy and --pending ---------------------------------------------------

module_syms = {}


def func_name(addr):
    """podwq-dump's name for a code address: the kallsyms symbol at or
    below it, "+0xOFF" when inside, " [module]" for a module's."""
    if not addr:
        return '0'
    name = off = None
    mod = address_to_module(prog, addr)
    if mod:
        key = mod.value_()
        if key not in module_syms:
            module_syms[key] = sorted(module_kallsyms(mod), key=lambda x: x.address)
        for sym in module_syms[key]:
            if sym.address <= addr and sym.name:
                name, off = sym.name, addr - sym.address
    else:
        try:
            sym = prog.symbol(addr)
            name, off = sym.name, addr - sym.address
        except LookupError:
            pass
    if name is None:
        return hex(addr)
    out = f'{name}+{hex(off)}' if off else name
    if mod:
        out += f' [{mod.name.string_().decode()}]'
    return out


def pwq_wq_name(pwq):
    if not pwq or not pwq.wq:
        return ''
    return pwq.wq.name.string_().decode()


def dump_pools():
    return [(pi, drgn.Object(prog, 'struct podwq_worker_pool', address=p.value_()))
            for pi, p in idr_for_each(podwq_pool_idr)]


def find_hz():
    cs = lookup('clocksource_jiffies')
    if cs is None:
        return 0
    shift = cs.shift.value_()
    if shift >= 32:
        return 0
    tick = cs.mult.value_() >> shift
    if not tick or tick > 1000000000:
        return 0
    return (1000000000 + tick // 2) // tick


def print_busy(pools, idw):
    jiffies = lookup('jiffies_64')
    jiffies = (jiffies if jiffies is not None else prog['jiffies']).value_()
    hz = find_hz()
    print('Busy workers')
    print('============')
    print(f'[{"pool":<{idw + 6}} {"pid":>7} {"comm":<16} {"workqueue":<{NAME_LEN}} '
          f'{"running":>8}  function]')
    n = 0
    for pi, pool in pools:
        for i in range(len(pool.busy_hash)):
            for worker in hlist_for_each_entry('struct podwq_worker',
                                               pool.busy_hash[i].address_of_(),
                                               'hentry'):
                task = worker.task
                pid = task.pid.value_() if task else -1
                comm = task.comm.string_().decode() if task else ''
                dj = (jiffies - worker.current_start.value_()) & (2**64 - 1)
                print(f'pool[{pi:0{idw}}] {pid:7} {comm:<16} '
                      f'{pwq_wq_name(worker.current_pwq):<{NAME_LEN}} ', end='')
                print(f'{dj / hz:6.1f} s' if hz else f'{dj:6} j', end='')
                print(f'  {func_name(worker.current_func.value_())}')
                n += 1
    if not n:
        print('no busy workers')


def print_pending(pools, idw):
    pwq_shift = const('PODWQ_WORK_STRUCT_PWQ_SHIFT', -1)
    pwq_bit = 1 << const('PODWQ_WORK_STRUCT_PWQ_BIT')
    items = {pool.value_(): [] for _, pool in pools}

    def collect(head, pool_addr, inactive):
        for work in list_for_each_entry('struct podwq_work', head, 'entry'):
            data = work.data.counter.value_()
            wq = ''
            if data & pwq_bit and 0 < pwq_shift < 64:
                pwq = drgn.Object(prog, 'struct podwq_pool_workqueue *',
                                  value=data & ~((1 << pwq_shift) - 1))
                wq = pwq_wq_name(pwq)
            items[pool_addr].append((inactive, work.value_(), wq,
                                     func_name(work.func.value_())))

    for _, pool in pools:
        collect(pool.worklist.address_of_(), pool.value_(), False)
    for wq in workqueues():
        for pwq in list_for_each_entry('struct podwq_pool_workqueue',
                                       wq.pwqs.address_of_(), 'pwqs_node'):
            if pwq.pool.value_() in items:
                collect(pwq.inactive_works.address_of_(), pwq.pool.value_(), True)

    print('Pending work items')
    print('==================')
    n = 0
    for pi, pool in pools:
        its = items[pool.value_()]
        if not its:
            continue
        inact = sum(1 for it in its if it[0])
        print(f'pool[{pi:0{idw}}] pending={len(its) - inact} inactive={inact}')
        for inactive, addr, wq, fn in its:
            print(f'  {"inactive" if inactive else "pending":<8} 0x{addr:016x} '
                  f'{wq:<{NAME_LEN}} {fn}')
        n += 1
    if not n:
        print('no pending work items')


if args.busy or args.pending:
    pools = [(pi, pool.address_of_()) for pi, pool in dump_pools()]
    idw = max([len(f'{pi}') for pi, _ in pools], default=0)
    if args.busy:
        print_busy(pools, idw)
    if args.pending:
        if args.busy:
            print('')
        print_pending(pools, idw)
    sys.exit(0)

# ---- Affinity Scopes ------------------------------------------------------

print('Affinity Scopes')
print('===============')
print(f'wq_unbound_cpumask={cpumask_str(podwq_unbound_cpumask)}')


def print_pod_type(pt):
    print(f'  nr_pods  {pt.nr_pods.value_()}')
    print('  pod_cpus', end='')
    for pod in range(pt.nr_pods):
        print(f' [{pod}]={cpumask_str(pt.pod_cpus[pod])}', end='')
    print('')
    print('  pod_node', end='')
    for pod in range(pt.nr_pods):
        print(f' [{pod}]={pt.pod_node[pod].value_()}', end='')
    print('')
    print('  cpu_pod ', end='')
    for cpu in for_each_possible_cpu(prog):
        print(f' [{cpu}]={pt.cpu_pod[cpu].value_()}', end='')
    print('')


for fallback, enumerator in SCOPES:
    affn = lookup(enumerator)
    if affn is None:
        continue
    affn = affn.value_()
    name = fallback
    if podwq_affn_names is not None:
        try:
            name = podwq_affn_names[affn].string_().decode().upper()
        except drgn.FaultError:
            pass
    print('')
    print(f'{name}{" (default)" if affn == podwq_affn_dfl.value_() else ""}')
    print_pod_type(podwq_pod_types[affn])

# ---- Worker Pools ---------------------------------------------------------

print('')
print('Worker Pools')
print('============')

pools = [(pi, drgn.Object(prog, 'struct podwq_worker_pool', address=p.value_()))
         for pi, p in idr_for_each(podwq_pool_idr)]
max_pool_id_len = max([len(f'{pi}') for pi, _ in pools], default=0)
max_ref_len = max([len(f'{p.refcnt.value_()}') for _, p in pools], default=0)

for pi, pool in pools:
    print(f'pool[{pi:0{max_pool_id_len}}] flags=0x{pool.flags.value_():02x} '
          f'ref={pool.refcnt.value_():{max_ref_len}} nice={pool.attrs.nice.value_():3} ', end='')
    print(f'idle/workers={pool.nr_idle.value_():3}/{pool.nr_workers.value_():3} ', end='')
    if pool.cpu >= 0:
        print(f'cpu={pool.cpu.value_():3}', end='')
        if PODWQ_POOL_BH and pool.flags & PODWQ_POOL_BH:
            print(' bh', end='')
    else:
        print(f'cpus={cpumask_str(pool.attrs.cpumask)}', end='')
        print(f' pod_cpus={cpumask_str(pool.attrs.__pod_cpumask)}', end='')
        if pool.attrs.affn_strict:
            print(' strict', end='')
    print('')

# ---- Workqueue CPU -> pool --------------------------------------------------

print('')
print('Workqueue CPU -> pool')
print('=====================')

print(f'[{"workqueue":^{NAME_LEN-2}}\\ {"type   CPU":{wq_type_len}}', end='')
for cpu in for_each_possible_cpu(prog):
    print(f' {cpu:{max_pool_id_len}}', end='')
print(' dfl]')

for wq in workqueues():
    print(f'{wq.name.string_().decode():{NAME_LEN}} {wq_type_str(wq):10}', end='')
    for cpu in for_each_possible_cpu(prog):
        pwq = per_cpu_ptr(wq.cpu_pwq, cpu)[0]
        pool_id = pwq.pool.id.value_() if pwq and pwq.pool else -1
        field_len = max(len(str(cpu)), max_pool_id_len)
        print(f' {pool_id:{field_len}}', end='')
    if wq.flags & PODWQ_UNBOUND:
        dfl = wq.dfl_pwq
        print(f' {dfl.pool.id.value_() if dfl else -1:{max_pool_id_len}}', end='')
    print('')

# ---- Workqueue -> rescuer ---------------------------------------------------

print('')
print('Workqueue -> rescuer')
print('====================')

ucpus_len = max(cpumask_str_len, len('unbound_cpus'))
rcpus_len = max(cpumask_str_len, len('rescuer_cpus'))

print(f'[{"workqueue":^{NAME_LEN-2}}\\ {"unbound_cpus":{ucpus_len}}    pid {"rescuer_cpus":{rcpus_len}} ]')

for wq in workqueues():
    if not (wq.flags & PODWQ_MEM_RECLAIM):
        continue
    print(f'{wq.name.string_().decode():{NAME_LEN}}', end='')
    if wq.unbound_attrs.value_() != 0:
        print(f' {cpumask_str(wq.unbound_attrs.cpumask):{ucpus_len}}', end='')
    else:
        print(f' {"":{ucpus_len}}', end='')
    # NULL or absent before podwq had rescuers
    rescuer = wq.rescuer if has(wq, 'rescuer') else None
    if rescuer is not None and rescuer.value_() and rescuer.task.value_():
        print(f' {rescuer.task.pid.value_():6}', end='')
        print(f' {cpumask_str(rescuer.task.cpus_ptr):{rcpus_len}}', end='')
    else:
        print(f' {"-":>6} {"":{rcpus_len}}', end='')
    print('')

# ---- Unbound workqueue -> node_nr/max_active ---------------------------------

print('')
print('Unbound workqueue -> node_nr/max_active')
print('=======================================')


def nna_str(wq, slot):
    nna = wq.node_nr_active[slot]
    if not nna:
        return '-'
    return f'{nna.nr.counter.value_()}/{nna.max.value_()}'


if 'node_to_cpumask_map' in prog:
    __cpu_online_mask = prog['__cpu_online_mask']
    node_to_cpumask_map = prog['node_to_cpumask_map']
    nr_node_ids = prog['nr_node_ids'].value_()

    print(f'online_cpus={cpumask_str(__cpu_online_mask.address_of_())}')
    for node in for_each_node(prog):
        print(f'NODE[{node:02}]={cpumask_str(node_to_cpumask_map[node])}')
    print('')

    print(f'[{"workqueue":^{NAME_LEN-1}} {"min":>4} {"max":>4}', end='')
    for node in for_each_node(prog):
        print(f' {"NODE " + str(node):>9}', end='')
    print(f' {"dfl":>9} ]')
    print('')

    for wq in workqueues():
        if not (wq.flags & PODWQ_UNBOUND):
            continue
        print(f'{wq.name.string_().decode():{NAME_LEN}} ', end='')
        print(f'{wq.min_active.value_():4} {wq.max_active.value_():4}', end='')
        for node in for_each_node(prog):
            print(f' {nna_str(wq, node):>9}', end='')
        print(f' {nna_str(wq, nr_node_ids):>9}')
else:
    print('node_to_cpumask_map not present, is NUMA enabled?')
