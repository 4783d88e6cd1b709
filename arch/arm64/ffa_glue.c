/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FF-A proxy's ops on arm64: a real `smc #0` with x0..x17 (SMCCC 1.2
 * register set), guest pages reached through zarm's identity map (they are
 * pinned in mem_share while the proxy uses them), and IPA → PA through the
 * VM's RAM layout (contiguous backing; mem_share then checks who owns it).
 */
#include "arch/arm64/ffa_glue.h"
#include "common/mem_share.h"
#include "ffa/ffa.h"

#define FFA_BUF_PAGES 2

static struct ffa_proxy *proxy;		/* NULL: no FF-A */
/* By zarm VM id: the VM's FF-A state, and back from it. */
static struct ffa_vm *ffa_vms[ZARM_MAX_VMS + 1];
static struct arm64_vm *ffa_avms[ZARM_MAX_VMS + 1];
static uint16_t ffa_ids[ZARM_MAX_VMS + 1];

static int glue_smc(void *ctx, const struct ffa_regs *in, struct ffa_regs *out)
{
	/* x19/x20 survive the SMC (callee-saved in SMCCC as in AAPCS64). */
	register const struct ffa_regs *pin __asm__("x20") = in;
	register struct ffa_regs *pout __asm__("x19") = out;

	(void)ctx;
	__asm__ volatile("ldp x0, x1, [x20, #0]\n\tldp x2, x3, [x20, #16]\n\t"
			 "ldp x4, x5, [x20, #32]\n\tldp x6, x7, [x20, #48]\n\t"
			 "ldp x8, x9, [x20, #64]\n\tldp x10, x11, [x20, #80]\n\t"
			 "ldp x12, x13, [x20, #96]\n\tldp x14, x15, [x20, #112]\n\t"
			 "ldp x16, x17, [x20, #128]\n\t"
			 "smc #0\n\t"
			 "stp x0, x1, [x19, #0]\n\tstp x2, x3, [x19, #16]\n\t"
			 "stp x4, x5, [x19, #32]\n\tstp x6, x7, [x19, #48]\n\t"
			 "stp x8, x9, [x19, #64]\n\tstp x10, x11, [x19, #80]\n\t"
			 "stp x12, x13, [x19, #96]\n\tstp x14, x15, [x19, #112]\n\t"
			 "stp x16, x17, [x19, #128]"
			 : : "r"(pin), "r"(pout)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
			   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return 0;
}

static struct arm64_vm *ffa_avm(struct ffa_vm *vm)
{
	for (unsigned int i = 1; i <= ZARM_MAX_VMS; i++)
		if (ffa_vms[i] == vm)
			return ffa_avms[i];
	return NULL;
}

static int glue_ipa_to_pa(void *ctx, struct ffa_vm *vm, uint64_t ipa, uint64_t *pa)
{
	struct arm64_vm *avm = ffa_avm(vm);

	(void)ctx;
	if (!avm || ipa % 4096 || ipa < avm->ipa_base || ipa - avm->ipa_base >= avm->ram_size)
		return -EINVAL;
	*pa = avm->host_base + (ipa - avm->ipa_base);
	return 0;
}

/* zarm maps all RAM 1:1, and a VM's RAM is contiguous in host RAM. */
static int glue_map_guest(void *ctx, struct ffa_vm *vm, uint64_t ipa, uint64_t npages,
			  void **hva)
{
	struct arm64_vm *avm = ffa_avm(vm);
	uint64_t off = ipa - (avm ? avm->ipa_base : 0);

	(void)ctx;
	if (!avm || ipa % 4096 || ipa < avm->ipa_base || off >= avm->ram_size ||
	    npages > (avm->ram_size - off) / 4096)
		return -EINVAL;
	*hva = (void *)(avm->host_base + off);
	return 0;
}

static void glue_unmap_guest(void *ctx, struct ffa_vm *vm, void *hva, uint64_t npages)
{
	(void)ctx;
	(void)vm;
	(void)hva;
	(void)npages;
}

static uint64_t glue_now(void *ctx)
{
	(void)ctx;
	return arm64_counter();
}

static const struct ffa_ops glue_ops = {
	.smc = glue_smc,
	.map_guest = glue_map_guest,
	.unmap_guest = glue_unmap_guest,
	.ipa_to_pa = glue_ipa_to_pa,
};

void arm64_ffa_init(void)
{
	struct ffa_proxy *p = heap_alloc_zeroed(sizeof(*p));
	void *tx = heap_alloc_aligned(FFA_BUF_PAGES * 4096, 4096);
	void *rx = heap_alloc_aligned(FFA_BUF_PAGES * 4096, 4096);
	struct ffa_config cfg = {
		.ops = &glue_ops, .ms = ownership_ms(), .tx = tx, .rx = rx,
		.tx_pa = (uint64_t)tx, .rx_pa = (uint64_t)rx, .buf_pages = FFA_BUF_PAGES,
		.now = glue_now,
	};
	int rc;

	if (!p || !tx || !rx) {
		log_err("ffa: no memory for the proxy");
		return;
	}
	rc = ffa_proxy_init(p, &cfg);
	if (rc == -EOPNOTSUPP) {
		log_info("ffa: no secure side, FF-A not offered");
		return;
	}
	if (rc) {
		log_err("ffa: proxy not started (%d), FF-A not offered", rc);
		return;
	}
	proxy = p;
}

int arm64_ffa_vm_init(struct arm64_vm *avm, uint16_t ffa_id)
{
	unsigned int id = avm->vm.id;
	struct ffa_vm *vm;
	int rc;

	if (!proxy)
		return 0;
	if (id == 0 || id > ZARM_MAX_VMS)
		return -EINVAL;
	vm = heap_alloc_zeroed(sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	rc = ffa_vm_init(proxy, vm, ffa_id, (mem_id_t)id);
	if (!rc) {
		ffa_avms[id] = avm;
		ffa_ids[id] = ffa_id;
		ffa_vms[id] = vm;
	}
	return rc;
}

int arm64_ffa_call(struct arm64_vcpu *av, struct arm64_regs *r)
{
	struct arm64_vm *avm = vcpu_avm(av);
	struct ffa_vm *vm = avm->vm.id <= ZARM_MAX_VMS ? ffa_vms[avm->vm.id] : NULL;
	struct ffa_regs regs;

	if (!proxy || !vm) {
		for (unsigned int i = 1; i < 18; i++)
			r->x[i] = 0;
		r->x[0] = FFA_ERROR;
		r->x[2] = (uint32_t)FFA_RET_NOT_SUPPORTED;
		return TRAP_RESUME;
	}
	for (unsigned int i = 0; i < 18; i++)
		regs.x[i] = r->x[i];
	if (ffa_handle_call(proxy, vm, &regs)) {
		r->x[0] = (uint64_t)-1;		/* not FF-A after all */
		return TRAP_RESUME;
	}
	for (unsigned int i = 0; i < 18; i++)
		r->x[i] = regs.x[i];
	return TRAP_RESUME;
}

/* The secure side may hold a handle for a while: retry a few times. */
static int ffa_vm_destroy_retry(struct ffa_vm *vm)
{
	int rc = 0;

	for (unsigned int tries = 0; tries < 100; tries++) {
		rc = ffa_vm_destroy(proxy, vm);
		if (rc != -EBUSY && rc != -EAGAIN)
			break;
	}
	return rc;
}

void arm64_ffa_vm_end(struct arm64_vm *avm)
{
	struct ffa_vm *vm = avm->vm.id <= ZARM_MAX_VMS ? ffa_vms[avm->vm.id] : NULL;
	int rc;

	if (!proxy || !vm)
		return;
	rc = ffa_vm_destroy_retry(vm);
	if (rc)
		log_warn("ffa: VM %s: FF-A teardown incomplete (%d)", avm->vm.name, rc);
}

void arm64_ffa_vm_reset(struct arm64_vm *avm)
{
	unsigned int id = avm->vm.id;
	struct ffa_vm *vm = id <= ZARM_MAX_VMS ? ffa_vms[id] : NULL;
	int rc;

	if (!proxy || !vm)
		return;
	/*
	 * A reset VM starts its FF-A life again: its transactions reclaimed,
	 * RX/TX unmapped, VM_DESTROYED now and VM_CREATED before its next
	 * call. If the secure side keeps something, the VM stays without
	 * FF-A (its calls answer NOT_SUPPORTED) and the pages stay recorded.
	 */
	rc = ffa_vm_destroy_retry(vm);
	if (rc) {
		log_warn("ffa: VM %s: FF-A teardown incomplete (%d), no FF-A after reset",
			 avm->vm.name, rc);
		return;
	}
	ffa_vms[id] = NULL;
	if (ffa_vm_init(proxy, vm, ffa_ids[id], (mem_id_t)id) == 0)
		ffa_vms[id] = vm;
}
