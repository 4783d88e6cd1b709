/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test world for the FF-A proxy (host only, not part of the image): a
 * fake secure side that answers as FFA-FACTS.md records real TF-A + OP-TEE
 * answering, fake guest memory (a byte array per VM), a fake stage-2 behind
 * a real common/mem_share instance, and the ffa_ops that tie them to a
 * real struct ffa_proxy. Shared by the unit tests and the fuzz target.
 *
 * Physical layout: VM v (0..FK_NVM-1, FF-A id and mem id v + 1) owns
 * FK_VMPAGES pages from FK_PA(v, 0); the hypervisor owns FK_HYPPAGES after
 * them (its RX/TX with the secure side are its pages 0 and 1). Each VM
 * sees its memory at FK_IPA_BASE, rotated by half (IPA page i is physical
 * page (i + FK_VMPAGES / 2) % FK_VMPAGES), so IPA-contiguous ranges are
 * not always physically contiguous. A "hole" window at FK_HOLE_IPA can be
 * made to map another VM's or the hypervisor's pages (a stage-2 mistake
 * the proxy must survive through ownership checks).
 */
#ifndef ZARM_TESTS_FFA_FAKE_H
#define ZARM_TESTS_FFA_FAKE_H

#include "ffa/ffa.h"
#include "ffa/ffa_mem_desc.h"

#define FK_NVM 3
#define FK_VMPAGES 64
#define FK_HYPPAGES 16
#define FK_NPAGES (FK_NVM * FK_VMPAGES + FK_HYPPAGES)
#define FK_BASE 0x80000000ULL
#define FK_IPA_BASE 0x40000000ULL
#define FK_HOLE_IPA 0x7f000000ULL
#define FK_HOLE_PAGES 8
#define FK_PA(v, i) (FK_BASE + ((uint64_t)(v) * FK_VMPAGES + (i)) * 4096ULL)
#define FK_HYP_PA(i) FK_PA(FK_NVM, i)
#define FK_IPA(i) (FK_IPA_BASE + (uint64_t)(i) * 4096ULL)
#define FK_NID (FK_NVM + 2) /* hyp, VMs, secure */
#define FK_MAX_SP_HANDLES 64
#define FK_SP1 0x8001
#define FK_SP2 0x8002

struct fk_sp_handle {
	bool used;
	uint64_t handle;
	uint16_t sender;
	bool lend;
	uint32_t npages;
};

/* The fake SPMC. Knobs are plain fields a test sets. */
struct fk_spmc {
	/* knobs */
	uint32_t version;        /* answer to FFA_VERSION (0x10001) */
	uint32_t nparts;         /* 1 (0x8001, as measured) or 2 */
	bool subscribe;          /* partitions want VM_CREATED/DESTROYED */
	bool size0_quirk;        /* OP-TEE 4.0: x3 = 0 for the size */
	uint32_t bad_count;      /* if set, PARTITION_INFO_GET claims it */
	uint32_t refuse_fid;     /* refuse calls of this fid (32-bit form) */
	int32_t refuse_code;     /* with this FF-A error */
	uint32_t refuse_times;   /* how many times (0 = never) */
	uint32_t destroy_retry;  /* VM_DESTROYED answers RETRY this often */
	bool bogus_handle;       /* answer shares with FFA_HANDLE_INVALID */
	/* state */
	bool mapped;
	uint64_t tx_pa, rx_pa;
	bool rx_busy;            /* RX filled, not yet released */
	uint32_t announced;      /* bit per VM id */
	uint32_t created[FK_NVM + 1], destroyed[FK_NVM + 1]; /* messages */
	uint32_t counter;
	struct fk_sp_handle h[FK_MAX_SP_HANDLES];
	uint64_t ncalls;
	uint32_t last_fid;
	size_t last_desc_len;
	uint8_t last_desc[FFA_DESC_MAX];
	uint64_t calls_by_fn[0x100];
};

struct fk_world {
	struct mem_share ms;
	struct mem_page pages[FK_NPAGES];
	uint8_t s2[FK_NID][FK_NPAGES]; /* fake stage-2: perms per identity */
	long hook_fail_at;             /* fail the n-th hook call (or -1) */
	long hook_calls;
	int map_guest_fail;            /* n > 0: the n-th map_guest fails */
	int maps;                      /* map_guest minus unmap_guest */
	int hole_target;               /* -1 none, 0..FK_NVM-1 VM, FK_NVM hyp */
	uint8_t hyp_tx[4096], hyp_rx[4096];
	struct fk_spmc sp;
	struct ffa_proxy proxy;
	struct ffa_vm vm[FK_NVM];
	struct ffa_config cfg;
	/* Last, so fk_world_reinit() can leave the clean part alone. */
	uint64_t dirty[FK_NVM];        /* VM pages ever mapped (bit per page) */
	uint8_t mem[FK_NVM][FK_VMPAGES * 4096];
};

/* Partition 0x8001's UUID, 486178e0-e7f8-11e3-bc5e-0002a5d5c51b. */
extern const uint8_t fk_uuid1[16];

/* Set the world up with the secure side configured by @setup (may be
 * NULL), then init the proxy and the VMs. Returns ffa_proxy_init's code. */
int fk_world_init(struct fk_world *w, void (*setup)(struct fk_spmc *sp));

/*
 * The same for a world that is zero or went through fk_world_init()
 * before, for fuzz targets that start every input afresh: it clears only
 * the guest pages that were ever mapped (the only ones the proxy or a test
 * writes) instead of all 768 KiB, and restores the rest from a copy of the
 * state the last full set-up with the same @setup left, instead of
 * building it again through mem_share.
 */
int fk_world_reinit(struct fk_world *w, void (*setup)(struct fk_spmc *sp));

/* The fake SPMC's answer to one call (the smc hook). */
int fk_spmc_call(struct fk_world *w, const struct ffa_regs *in,
		 struct ffa_regs *out);

/* One call from VM @v. */
void fk_call(struct fk_world *w, int v, struct ffa_regs *r);

struct fk_range {
	uint64_t addr;
	uint32_t npages;
};

/*
 * Write a MEM_SHARE/LEND descriptor in FF-A @version's layout into @buf
 * (@cap bytes); returns its length (0 if it did not fit).
 */
size_t fk_build_desc(uint8_t *buf, size_t cap, uint32_t version,
		     uint16_t sender, const uint16_t *recv, uint32_t nrecv,
		     uint8_t perms, uint16_t attrs, uint32_t flags,
		     const struct fk_range *ranges, uint32_t nranges);

/*
 * Check that mem_share, the proxy's records, the fake SPMC's handles and
 * the RX/TX pins agree. Returns NULL or a description of the first
 * mismatch.
 */
const char *fk_check_invariants(struct fk_world *w);

/* Number of live handles in the fake SPMC. */
unsigned int fk_sp_handles(const struct fk_world *w);

#endif
