/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FF-A proxy: the hypervisor's side of Arm's Firmware Framework for Arm
 * A-profile (DEN0077, versions 1.0, 1.1 and 1.2) between its VMs and the
 * secure world.
 *
 * Every VM is an FF-A endpoint with its own ID. A VM's FF-A call (an SMC
 * arch/ traps and decodes into struct ffa_regs) is handed to
 * ffa_handle_call(), which answers it locally, refuses it, or checks it and
 * re-issues it to the secure side through the ops table. Memory handed to
 * the secure world changes owner through the common memory-sharing core
 * (common/mem_share.h) first and is rolled back if the secure side refuses.
 *
 * The hypervisor keeps its own RX/TX buffer pair with the secure side (the
 * VMs' buffers are never given to it); each has a lock and is released on
 * every path. Descriptors are copied once out of a VM's TX buffer into a
 * private buffer before anything reads them.
 *
 * Locking: struct ffa_vm.lock serialises one VM's calls (direct requests,
 * which may run long in a partition, are forwarded without it so that a
 * VM's vCPUs can have several in flight); ffa_proxy.lock
 * protects the handle records and every mem_share call made here (pass the
 * lock that serialises the mem_share instance as cfg->ms_lock when others
 * use it too: it is taken inside ffa_proxy.lock); tx_lock and rx_lock guard
 * the hypervisor's buffers. Order: vm.lock, proxy.lock, ms_lock, tx_lock,
 * rx_lock.
 */
#ifndef ZARM_FFA_FFA_H
#define ZARM_FFA_FFA_H

#include "common/compiler.h"
#include "common/log.h"
#include "common/mem_share.h"
#include "common/spinlock.h"

/* ---- ABI constants (DEN0077) ------------------------------------------ */

#define FFA_VERSION_1_0 0x10000u
#define FFA_VERSION_1_1 0x10001u
#define FFA_VERSION_1_2 0x10002u
#define FFA_VERSION_MAJOR(v) (((v) >> 16) & 0x7fffu)
#define FFA_VERSION_MINOR(v) ((v) & 0xffffu)
/* The highest version the proxy speaks. */
#define FFA_PROXY_VERSION FFA_VERSION_1_2

#define FFA_SMC64_BIT 0x40000000u

#define FFA_ERROR 0x84000060u
#define FFA_SUCCESS_32 0x84000061u
#define FFA_SUCCESS_64 0xC4000061u
#define FFA_INTERRUPT 0x84000062u
#define FFA_VERSION 0x84000063u
#define FFA_FEATURES 0x84000064u
#define FFA_RX_RELEASE 0x84000065u
#define FFA_RXTX_MAP_32 0x84000066u
#define FFA_RXTX_MAP_64 0xC4000066u
#define FFA_RXTX_UNMAP 0x84000067u
#define FFA_PARTITION_INFO_GET 0x84000068u
#define FFA_ID_GET 0x84000069u
#define FFA_MSG_SEND_DIRECT_REQ_32 0x8400006Fu
#define FFA_MSG_SEND_DIRECT_REQ_64 0xC400006Fu
#define FFA_MSG_SEND_DIRECT_RESP_32 0x84000070u
#define FFA_MSG_SEND_DIRECT_RESP_64 0xC4000070u
#define FFA_MEM_DONATE_32 0x84000071u
#define FFA_MEM_LEND_32 0x84000072u
#define FFA_MEM_LEND_64 0xC4000072u
#define FFA_MEM_SHARE_32 0x84000073u
#define FFA_MEM_SHARE_64 0xC4000073u
#define FFA_MEM_RETRIEVE_REQ_32 0x84000074u
#define FFA_MEM_RECLAIM 0x84000077u
#define FFA_MEM_FRAG_RX 0x8400007Au
#define FFA_MEM_FRAG_TX 0x8400007Bu
#define FFA_SPM_ID_GET 0x84000085u
#define FFA_PARTITION_INFO_GET_REGS 0xC400008Bu
#define FFA_MSG_SEND_DIRECT_REQ2 0xC400008Du
#define FFA_MSG_SEND_DIRECT_RESP2 0xC400008Eu

/* Error codes, as returned in w2 of FFA_ERROR. */
#define FFA_RET_NOT_SUPPORTED (-1)
#define FFA_RET_INVALID_PARAMETERS (-2)
#define FFA_RET_NO_MEMORY (-3)
#define FFA_RET_BUSY (-4)
#define FFA_RET_INTERRUPTED (-5)
#define FFA_RET_DENIED (-6)
#define FFA_RET_RETRY (-7)
#define FFA_RET_ABORTED (-8)
#define FFA_RET_NO_DATA (-9)

/* Direct-message framework messages (w2 of a direct request/response). */
#define FFA_MSG_FLAG_FRAMEWORK (1u << 31)
#define FFA_MSG_VM_CREATED 4u
#define FFA_MSG_VM_CREATED_ACK 5u
#define FFA_MSG_VM_DESTROYED 6u
#define FFA_MSG_VM_DESTROYED_ACK 7u

/* Partition properties (FF-A 1.1): which framework messages it wants. */
#define FFA_PART_PROP_VM_CREATED (1u << 6)
#define FFA_PART_PROP_VM_DESTROYED (1u << 7)

/* Partition info descriptor sizes by version. */
#define FFA_PART_INFO_SIZE_1_0 8u
#define FFA_PART_INFO_SIZE_1_1 24u
/* PARTITION_INFO_GET w5 flag: return the count only. */
#define FFA_PART_INFO_COUNT_ONLY 1u

#define FFA_HANDLE_INVALID 0xffffffffffffffffULL
/* SP IDs have bit 15 set; the hypervisor is 0. */
#define FFA_ID_SECURE_BIT 0x8000u

/* ---- sizes ------------------------------------------------------------- */

#define FFA_PAGE_SIZE 4096u
#define FFA_RXTX_MAX_PAGES 4u  /* largest VM RX/TX buffer accepted */
#define FFA_DESC_MAX 8192u     /* largest (assembled) memory descriptor */
#define FFA_MAX_RECEIVERS 4u   /* endpoints in one memory transaction */
#define FFA_MAX_RANGES 64u     /* constituents in one transaction */
#define FFA_MAX_RUNS 64u       /* physically contiguous runs recorded */
#define FFA_MAX_HANDLES 32u    /* memory transactions alive at once */
#define FFA_MAX_PARTS 16u      /* secure partitions remembered */
#define FFA_MAX_FEATURES 24u
#define FFA_MAX_XFER_PAGES 65536u /* pages in one transaction */

/* x0..x17 of an FF-A call or answer (SMC calling convention). */
struct ffa_regs {
	uint64_t x[18];
};

struct ffa_vm;

/*
 * What arch/ provides. Every hook returns 0 or a negative -E code.
 * - smc:         issue one FF-A call to the secure side (x0..x17 in and out)
 * - map_guest:   make @npages guest pages from @ipa addressable by the
 *                hypervisor at *@hva (contiguously), for the VM's RX/TX
 * - unmap_guest: undo map_guest
 * - ipa_to_pa:   translate one page of the VM's address space; fails for
 *                addresses outside the VM's memory
 */
struct ffa_ops {
	int (*smc)(void *ctx, const struct ffa_regs *in, struct ffa_regs *out);
	int (*map_guest)(void *ctx, struct ffa_vm *vm, uint64_t ipa,
			 uint64_t npages, void **hva);
	void (*unmap_guest)(void *ctx, struct ffa_vm *vm, void *hva,
			    uint64_t npages);
	int (*ipa_to_pa)(void *ctx, struct ffa_vm *vm, uint64_t ipa,
			 uint64_t *pa);
};

/* What ffa_proxy_init() needs. */
struct ffa_config {
	const struct ffa_ops *ops;
	void *ctx;
	struct mem_share *ms;       /* ownership of every VM page */
	struct spinlock *ms_lock;   /* serialises @ms if shared; may be NULL */
	void *tx, *rx;              /* hypervisor's buffers with the SPMC */
	uint64_t tx_pa, rx_pa;      /* their physical addresses */
	uint32_t buf_pages;         /* pages in each (>= 1) */
	uint64_t (*now)(void *ctx); /* clock for log rate limits; may be NULL */
};

/* One secure partition as the proxy learnt it at init. */
struct ffa_partition {
	uint16_t id;
	uint16_t nctx;
	uint32_t props;
	uint8_t uuid[16];
};

/* One physically contiguous run of a recorded transaction. */
struct ffa_run {
	uint64_t pa;
	uint64_t npages;
};

/* One memory transaction the secure side accepted. */
struct ffa_handle_rec {
	bool used;
	bool lend;          /* lent (owner lost access) or shared */
	bool released;      /* secure side agreed to reclaim; local part left */
	uint16_t owner;     /* FF-A id of the owning VM */
	mem_id_t mem_id;    /* its mem_share identity */
	uint64_t handle;
	uint32_t nruns;
	uint32_t nrestored;  /* runs given back so far (after released) */
	struct ffa_run runs[FFA_MAX_RUNS];
};

/* A function the proxy offers, with what FFA_FEATURES answers for it. */
struct ffa_feature {
	uint32_t fid;
	uint32_t props;     /* w2 of FFA_FEATURES */
	bool available;     /* offered (secure side supports it too) */
};

/* Per system. Treat as opaque outside ffa/. */
struct ffa_proxy {
	struct ffa_config cfg;
	struct spinlock lock;     /* records, mem_share calls */
	struct spinlock tx_lock;  /* hypervisor TX + the SMC reading it */
	struct spinlock rx_lock;  /* hypervisor RX until FFA_RX_RELEASE */
	uint32_t sec_version;     /* negotiated with the secure side */
	uint32_t version;         /* the most the proxy offers VMs */
	uint32_t nparts;
	struct ffa_partition parts[FFA_MAX_PARTS];
	struct ffa_feature features[FFA_MAX_FEATURES];
	uint32_t nfeatures;
	struct ffa_handle_rec recs[FFA_MAX_HANDLES];
	uint8_t xbuf[FFA_DESC_MAX]; /* translated descriptor (under lock) */
	struct ffa_run runs[FFA_MAX_RUNS]; /* scratch (under lock) */
};

/* Per VM. Treat as opaque outside ffa/ except the fields set at init. */
struct ffa_vm {
	struct spinlock lock;
	uint16_t id;              /* FF-A endpoint id, from the config */
	mem_id_t mem_id;          /* its identity in mem_share */
	bool version_set;
	uint32_t version;         /* negotiated (1.0 until FFA_VERSION) */
	/* RX/TX */
	bool mapped;
	uint64_t tx_ipa, rx_ipa;
	uint32_t npages;
	void *tx, *rx;
	uint64_t buf_pa[2 * FFA_RXTX_MAX_PAGES]; /* TX pages, then RX: pinned */
	bool rx_full;             /* RX holds data the VM has not released */
	/* fragment assembly (and the private copy of every descriptor) */
	bool frag_pending;
	bool frag_lend, frag_64;
	uint32_t frag_total, frag_got;
	uint64_t frag_handle;
	uint32_t frag_seq;        /* makes each pending handle new */
	uint8_t desc[FFA_DESC_MAX];
	/* lifecycle */
	uint32_t announced;       /* bit per proxy->parts index */
	bool destroying;          /* ffa_vm_destroy() began: calls refused */
	/* this VM's refused calls in the log */
	struct log_ratelimit rl;
	uint64_t ncalls;          /* clock for @rl when cfg.now is NULL */
};

/*
 * Bring the proxy up: negotiate the version with the secure side, check
 * it calls the hypervisor 0, map the hypervisor's RX/TX with it, learn the
 * partitions and which functions it supports. Returns 0, -EINVAL (bad
 * config), -EOPNOTSUPP (no usable FF-A secure side) or another -E code
 * from the secure side's answers.
 */
int ffa_proxy_init(struct ffa_proxy *p, const struct ffa_config *cfg);

/*
 * Set up @vm as FF-A endpoint @id (1..0x7fff) whose pages are owned by
 * @mem_id in the mem_share instance. Nothing is sent to the secure side
 * yet: VM_CREATED goes out before the VM's first call.
 */
int ffa_vm_init(struct ffa_proxy *p, struct ffa_vm *vm, uint16_t id,
		mem_id_t mem_id);

/*
 * Handle one FF-A call of @vm: @regs holds x0..x17 as the VM left them and
 * receives the answer. Always returns 0 (the answer, success or FFA_ERROR,
 * is in @regs) unless the call is not an FF-A function at all (-ENOENT:
 * arch/ routes it elsewhere).
 */
int ffa_handle_call(struct ffa_proxy *p, struct ffa_vm *vm,
		    struct ffa_regs *regs);

/* True when @fid (x0) is in the FF-A function range 0x60..0xff. */
bool ffa_is_ffa_call(uint64_t fid);

/*
 * Tear @vm's FF-A state down when the VM ends: reclaim each of its memory
 * transactions (the secure side must agree), send VM_DESTROYED to the
 * partitions it was announced to, unmap and unpin its RX/TX. Returns 0
 * when all is done; -EBUSY or -EAGAIN when the secure side still holds
 * something (call again later: what is done stays done).
 */
int ffa_vm_destroy(struct ffa_proxy *p, struct ffa_vm *vm);

/* The FF-A error code (FFA_RET_*) for a negative -E code. */
int32_t ffa_errno_to_ffa(int err);

/* The -E code for an FF-A error code from the secure side. */
int ffa_ffa_to_errno(int64_t code);

#endif
