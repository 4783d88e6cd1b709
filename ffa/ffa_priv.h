/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interface between the files of ffa/: the call handlers the
 * dispatcher (ffa_call.c) invokes and the helpers they share. Not for use
 * outside ffa/.
 *
 * A handler returns 0 after writing its answer into @r, or a negative -E
 * code, which the dispatcher alone turns into FFA_ERROR (ffa_errno_to_ffa).
 * Handlers check every argument before they change anything.
 */
#ifndef ZARM_FFA_FFA_PRIV_H
#define ZARM_FFA_FFA_PRIV_H

#include "ffa/ffa.h"

typedef int (*ffa_handler_fn)(struct ffa_proxy *p, struct ffa_vm *vm,
			      struct ffa_regs *r);

/* ---- ffa_call.c: helpers ---- */

/* Argument @i of the call in @r: 32 bits for SMC32 function ids. */
uint64_t ffa_arg(const struct ffa_regs *r, unsigned int i);
/* Write FFA_SUCCESS_32 with w2/w3 into @r (x1, x4..x7 zero). */
void ffa_set_success(struct ffa_regs *r, uint64_t w2, uint64_t w3);
/* Issue one call to the secure side; @out is zeroed first. */
int ffa_smc(struct ffa_proxy *p, const struct ffa_regs *in,
	    struct ffa_regs *out);
/*
 * 0 for FFA_SUCCESS_32/64, the -E code of a well-formed FFA_ERROR, and
 * -ECANCELED for anything else (a secure side is not trusted blindly).
 */
int ffa_smc_status(const struct ffa_regs *out);
/* Rate-limited warning (vm->lock held): @vm's call @fid got @err. */
void ffa_guest_warn(struct ffa_proxy *p, struct ffa_vm *vm, uint32_t fid,
		    int err);
/* Take / drop proxy->lock and cfg.ms_lock (for records and mem_share). */
void ffa_lock_mem(struct ffa_proxy *p);
void ffa_unlock_mem(struct ffa_proxy *p);
/* Index of secure partition @id in p->parts, or -1. */
int ffa_find_partition(const struct ffa_proxy *p, uint16_t id);

/* ---- ffa_version.c ---- */
int ffa_version_secure(struct ffa_proxy *p);
int ffa_do_version(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r);
int ffa_do_id_get(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r);
int ffa_do_spm_id_get(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r);

/* ---- ffa_rxtx.c ---- */
int ffa_do_rxtx_map(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r);
int ffa_do_rxtx_unmap(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r);
int ffa_do_rx_release(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r);
/* Unmap and unpin @vm's RX/TX if mapped (VM teardown). */
void ffa_rxtx_teardown(struct ffa_proxy *p, struct ffa_vm *vm);

/* ---- ffa_part_info.c ---- */
/* Learn the secure partitions at init (into p->parts). */
int ffa_part_info_probe(struct ffa_proxy *p);
int ffa_do_part_info(struct ffa_proxy *p, struct ffa_vm *vm,
		     struct ffa_regs *r);
int ffa_do_part_info_regs(struct ffa_proxy *p, struct ffa_vm *vm,
			  struct ffa_regs *r);

/* ---- ffa_mem.c ---- */
int ffa_do_mem_xfer(struct ffa_proxy *p, struct ffa_vm *vm,
		    struct ffa_regs *r);
int ffa_do_mem_frag_tx(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r);
int ffa_do_mem_reclaim(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r);
/*
 * Reclaim every transaction @vm owns (teardown). Called with proxy->lock
 * held (ffa_lock_mem). Returns 0 or the first error; what succeeded stays.
 */
int ffa_mem_reclaim_all(struct ffa_proxy *p, struct ffa_vm *vm);

/* ---- ffa_msg.c ---- */
int ffa_do_direct_req(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r);
int ffa_do_direct_resp(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r);
/*
 * Send framework message @msg (FFA_MSG_VM_CREATED/DESTROYED) about VM
 * @vm_id to partition @part_id; 0 when it acknowledged with status 0.
 */
int ffa_send_vm_msg(struct ffa_proxy *p, uint16_t part_id, uint16_t vm_id,
		    uint32_t msg);

/* ---- ffa_vm.c ---- */
/* Send VM_CREATED to every subscribed partition not yet told about @vm. */
int ffa_vm_announce(struct ffa_proxy *p, struct ffa_vm *vm);

#endif
