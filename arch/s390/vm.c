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
static struct vm_set vm_set;
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

/*
 * Give @vm a SIE zone (SET ZONE PARAMETER) when one is free: its guests
 * then run as region-relocated ("preferred") guests, whose storage SIE
 * reaches as zone origin + guest absolute address without translating it
 * through the host's DAT for each new page, which made Hercules' SIE about
 * a quarter slower per instruction (doc/s390.md, Guest speed). Hercules
 * has zones 1-7 (zone 0 is refused); an eighth VM runs with MSO/MSE.
 */
static void assign_zone(struct s390_vm *vm, unsigned int idx)
{
	struct {
		uint64_t mso, msl, eso, esl;   /* in MiB; msl = the last MiB */
	} zpb __attribute__((aligned(8))) = {
		vm->mso >> 20, (vm->mso + vm->size - 1) >> 20, 0, 0,
	};
	register uint64_t r1 asm("1") = idx + 1;
	register uint64_t r2 asm("2") = (uint64_t)(uintptr_t)&zpb;
	int cc;

	if (idx + 1 > SD_MAX_ZONE)
		return;
	asm volatile(".insn s,0xb23e0000,0\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc) : "d"(r1), "d"(r2), "m"(zpb) : "cc", "memory");
	if (cc == 0)
		vm->zone = (uint8_t)(idx + 1);
}

static void vcpu_reset(struct s390_vcpu *v)
{
	memset(&v->sd, 0, sizeof(v->sd));
	memset(&v->regs, 0, sizeof(v->regs));
	v->sd.mx = SD_MX_ZARCH;
	v->sd.mso = v->vm->mso;
	v->sd.mse = v->vm->mso + v->vm->size - 1;
	if (v->vm->zone) {
		/* Region relocate: SIE takes origin and limit from the zone. */
		v->sd.mx |= SD_MX_RRF;
		v->sd.zone = (uint32_t)v->vm->zone << 24;
	}
	/* Storage keys: the host frames' own (see SD_RCPO2_BYPASS). */
	v->sd.rcpo[2] = SD_RCPO2_BYPASS;
	v->sd.ic[2] = SD_IC2_SSKE;
	/* MVPG: SIE moves the page itself, with the PoP's checks. */
	v->sd.ec[0] = SD_EC0_MVPG;
	/* Architected initial values of CR0 and CR14 after a reset. */
	v->sd.gcr[0] = 0xe0;
	v->sd.gcr[14] = 0xc2000000;
	v->sd.ckc = ~0ULL;
	/* The VM's clock survives a CPU reset: SCK set it for all vCPUs. */
	v->sd.epoch = v->vm->epoch;
#ifdef ZARM_S390_INTERCEPT_PGM
	v->sd.ic[0] = 0x80;    /* every program interruption to zarm (debug) */
#endif
	v->wake_tod = ~0ULL;
	v->park_tod = 0;
	/* The LCTL watch went with the SD: ask the model again before SIE. */
	v->irq_seen = v->vm->irq_gen - 1;
}

void vcpu_initial_reset(struct s390_vcpu *v)
{
	struct s390_vm *vm = v->vm;
	unsigned int id = v->id;

	vcpu_reset(v);
	v->vm = vm;
	v->id = id;
	s390_irq_reset_local(&v->irq);
}

const struct vm_set *vm_results(void)
{
	return &vm_set;
}

int vm_create(const struct vm_desc *d)
{
	struct s390_vm *vm;
	int rc;

	if (nr_vms == 0)
		vm_set_init(&vm_set);
	if (nr_vms == S390_MAX_VMS ||
	    nr_vcpus_used + d->vcpus > ARRAY_SIZE(vcpu_pool))
		return -ENOSPC;
	vm = &vms[nr_vms];
	memset(vm, 0, sizeof(*vm));
	rc = vm_init(&vm->vm, d->id, d->name, d->vcpus, vm);
	if (!rc)
		rc = s390_irq_vm_init(&vm->irq, &vcpu_irq_ops, vm);
	if (!rc)
		rc = vm_set_add(&vm_set, &vm->vm);
	if (rc)
		return rc;
	nr_vms++;
	vm->mso = d->image_addr;
	vm->size = d->mem_size;
	assign_zone(vm, nr_vms - 1);
	vm->console_input = d->console_input;
	for (unsigned int i = 0; i < d->vcpus; i++) {
		struct s390_vcpu *v = &vcpu_pool[nr_vcpus_used];

		/* Spread vCPUs over the host CPUs, round robin. */
		vcpu_init(&v->vcpu, &vm->vm, i, nr_vcpus_used % sched_nr_cpus(), v);
		nr_vcpus_used++;
		v->vm = vm;
		v->id = i;
		vcpu_reset(v);
		s390_irq_vcpu_init(&vm->irq, &v->irq, i);
		vm->vcpus[i] = v;
		vm->vm.vcpus[i] = &v->vcpu;
	}
	if (d->has_entry) {
		vm->vcpus[0]->sd.psw.mask = PSW_MASK_64;
		vm->vcpus[0]->sd.psw.addr = d->entry;
	} else {
		ipl_psw(vm, &vm->vcpus[0]->sd.psw);
	}
	vcpu_set_state(vm->vcpus[0], S390_VCPU_RUNNABLE);
	con_printf("VM %u \"%s\": %lu MiB at 0x%lx, %u vCPU%s, PSW %016lx %016lx\n",
		   vm->vm.id, vm->vm.name, (unsigned long)(vm->size >> 20),
		   (unsigned long)vm->mso, vm->vm.nr_vcpus,
		   vm->vm.nr_vcpus > 1 ? "s" : "", vm->vcpus[0]->sd.psw.mask,
		   vm->vcpus[0]->sd.psw.addr);
	return 0;
}

void vm_console_write(struct s390_vm *vm, const char *s, unsigned long len)
{
	char prefix[S390_NAME_MAX + 4];
	unsigned int n = 0;

	prefix[n++] = '[';
	for (unsigned int i = 0; vm->vm.name[i]; i++)
		prefix[n++] = vm->vm.name[i];
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

bool vm_log_allowed(struct s390_vm *vm)
{
	if (vm->log_lines < VM_LOG_LINES) {
		vm->log_lines++;
		return true;
	}
	if (vm->log_lines == VM_LOG_LINES) {
		vm->log_lines++;
		con_printf("VM %u \"%s\": further lines about its instructions suppressed\n",
			   vm->vm.id, vm->vm.name);
	}
	return false;
}

void vm_end(struct s390_vm *vm, bool ok, const char *why)
{
	if (!vm_running(vm))
		return;
	if (vm->con_len)
		vm_console_write(vm, "\n", 1);
	vm_set_end(&vm_set, &vm->vm, !ok);
	for (unsigned int i = 0; i < vm->vm.nr_vcpus; i++) {
		struct s390_vcpu *v = vm->vcpus[i];

		/* Off its run queue; running on another CPU: leave SIE. */
		vcpu_power_off(&v->vcpu, &sched_cpu(v->vcpu.pcpu)->rq);
		sched_notify(v);
	}
	{
		uint64_t entries = 0;

		for (unsigned int i = 0; i < vm->vm.nr_vcpus; i++)
			entries += vm->vcpus[i]->sie_entries;
		con_printf("VM %u \"%s\" %s: %s (%lu SIE entries)\n", vm->vm.id,
			   vm->vm.name, ok ? "ended" : "failed", why,
			   (unsigned long)entries);
	}
}

void vm_check_all_stopped(struct s390_vm *vm)
{
	bool dead = false;

	if (!vm_running(vm))
		return;
	for (unsigned int i = 0; i < vm->vm.nr_vcpus; i++) {
		if (vcpu_state(vm->vcpus[i]) == S390_VCPU_DEAD)
			dead = true;
		else if (vcpu_state(vm->vcpus[i]) != S390_VCPU_STOPPED)
			return;
	}
	vm_end(vm, !dead, dead ? "all vCPUs stopped, one after an error"
			       : "all vCPUs stopped");
}
