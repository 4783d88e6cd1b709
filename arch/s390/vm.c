/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMs on s390x: each owns the host range [mso, mso + size), which SIE
 * reaches through MSO/MSE (guest absolute + MSO, limit MSE): a guest access
 * at or beyond its size is an addressing exception in the guest, and no
 * guest address can reach zarm's storage or another VM's.
 */
#include "arch/s390/vm.h"

#include "arch/s390/console.h"
#include "arch/s390/layout.h"
#include "common/string.h"

static struct s390_vm vms[S390_MAX_VMS];
static struct s390_vcpu vcpu_pool[S390_MAX_VMS * S390_MAX_VCPUS];
static unsigned int nr_vms, nr_vcpus_used;

struct s390_vm *vm_get(unsigned int idx)
{
	return idx < nr_vms ? &vms[idx] : NULL;
}

struct s390_vcpu *vcpu_at(unsigned int idx)
{
	return idx < nr_vcpus_used ? &vcpu_pool[idx] : NULL;
}

unsigned int vcpu_total(void)
{
	return nr_vcpus_used;
}

unsigned int vm_count(void)
{
	return nr_vms;
}

void *vm_abs(struct s390_vm *vm, uint64_t addr, uint64_t len)
{
	uint64_t end;

	if (add_overflows(addr, len, &end) || end > vm->size)
		return NULL;
	return (void *)(uintptr_t)(vm->mso + addr);
}

uint64_t vcpu_real_to_abs(struct s390_vcpu *v, uint64_t real)
{
	uint64_t prefix = v->sd.prefix;

	if (real < LC_SIZE)
		return real + prefix;
	if (real >= prefix && real < prefix + LC_SIZE)
		return real - prefix;
	return real;
}

/* The IPL PSW of a stand-alone program: ESA/390 format at absolute 0. */
static void ipl_psw(struct s390_vm *vm, struct psw *psw)
{
	const uint32_t *p = vm_abs(vm, 0, 8);
	uint32_t hi = p[0], lo = p[1];

	/* Keep the mask bits both formats share; bit 12 is ESA/390 only. */
	psw->mask = (uint64_t)(hi & ~0x00080000u) << 32;
	if (lo & 0x80000000u)
		psw->mask |= PSW_MASK_BA;
	psw->addr = lo & 0x7fffffffu;
}

static void vcpu_reset(struct s390_vcpu *v)
{
	memset(&v->sd, 0, sizeof(v->sd));
	memset(&v->regs, 0, sizeof(v->regs));
	v->sd.mx = SD_MX_ZARCH;
	v->sd.mso = v->vm->mso;
	v->sd.mse = v->vm->mso + v->vm->size - 1;
	/* Architected initial values of CR0 and CR14 after a reset. */
	v->sd.gcr[0] = 0xe0;
	v->sd.gcr[14] = 0xc2000000;
	v->sd.ckc = ~0ULL;
	v->ext_pending = 0;
	v->emergency_from = 0;
	v->restart_pending = false;
	v->wake_tod = ~0ULL;
}

void vcpu_initial_reset(struct s390_vcpu *v)
{
	struct s390_vm *vm = v->vm;
	unsigned int id = v->id;

	vcpu_reset(v);
	v->vm = vm;
	v->id = id;
}

int vm_create(const struct vm_desc *d)
{
	struct s390_vm *vm;

	if (nr_vms == S390_MAX_VMS ||
	    nr_vcpus_used + d->vcpus > ARRAY_SIZE(vcpu_pool))
		return -ENOSPC;
	vm = &vms[nr_vms++];
	memset(vm, 0, sizeof(*vm));
	vm->id = d->id;
	memcpy(vm->name, d->name, sizeof(vm->name));
	vm->mso = d->image_addr;
	vm->size = d->mem_size;
	vm->nr_vcpus = d->vcpus;
	vm->state = S390_VM_RUNNING;
	for (unsigned int i = 0; i < d->vcpus; i++) {
		struct s390_vcpu *v = &vcpu_pool[nr_vcpus_used++];

		v->vm = vm;
		v->id = i;
		vcpu_reset(v);
		v->state = S390_VCPU_STOPPED;
		vm->vcpus[i] = v;
	}
	if (d->has_entry) {
		vm->vcpus[0]->sd.psw.mask = PSW_MASK_64;
		vm->vcpus[0]->sd.psw.addr = d->entry;
	} else {
		ipl_psw(vm, &vm->vcpus[0]->sd.psw);
	}
	vm->vcpus[0]->state = S390_VCPU_RUNNABLE;
	con_printf("VM %u \"%s\": %lu MiB at 0x%lx, %u vCPU%s, PSW %016lx %016lx\n",
		   vm->id, vm->name, (unsigned long)(vm->size >> 20),
		   (unsigned long)vm->mso, vm->nr_vcpus,
		   vm->nr_vcpus > 1 ? "s" : "", vm->vcpus[0]->sd.psw.mask,
		   vm->vcpus[0]->sd.psw.addr);
	return 0;
}

void vm_console_write(struct s390_vm *vm, const char *s, unsigned long len)
{
	char prefix[S390_NAME_MAX + 4];
	unsigned int n = 0;

	prefix[n++] = '[';
	for (unsigned int i = 0; vm->name[i]; i++)
		prefix[n++] = vm->name[i];
	prefix[n++] = ']';
	prefix[n++] = ' ';
	prefix[n] = '\0';
	for (unsigned long i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\r')
			continue;
		if (c != '\n')
			vm->con[vm->con_len++] = c;
		if (c == '\n' || vm->con_len == sizeof(vm->con)) {
			con_line(prefix, vm->con, vm->con_len);
			vm->con_len = 0;
		}
	}
}

void vm_end(struct s390_vm *vm, bool ok, const char *why)
{
	if (vm->state != S390_VM_RUNNING)
		return;
	if (vm->con_len)
		vm_console_write(vm, "\n", 1);
	for (unsigned int i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpus[i]->state != S390_VCPU_DEAD)
			vm->vcpus[i]->state = S390_VCPU_STOPPED;
		/* Running on another CPU: make it leave SIE. */
		sched_notify(vm->vcpus[i]);
	}
	vm->state = ok ? S390_VM_ENDED_OK : S390_VM_FAILED;
	con_printf("VM %u \"%s\" %s: %s\n", vm->id, vm->name,
		   ok ? "ended" : "failed", why);
}

void vm_check_all_stopped(struct s390_vm *vm)
{
	bool dead = false;

	if (vm->state != S390_VM_RUNNING)
		return;
	for (unsigned int i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpus[i]->state == S390_VCPU_DEAD)
			dead = true;
		else if (vm->vcpus[i]->state != S390_VCPU_STOPPED)
			return;
	}
	vm_end(vm, !dead, dead ? "all vCPUs stopped, one after an error"
			       : "all vCPUs stopped");
}
