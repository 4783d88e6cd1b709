/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGNAL PROCESSOR as plain C: the instruction's operands decoded from the
 * intercept, the order's checks and answer (condition code, status), and
 * what it does to the target, through struct sigp_ops, which sigp.c fills
 * from the VM and tests/fuzz/sigp_fuzz.c from a fake one. A VM's CPU
 * addresses are 0..nr_vcpus-1; any other address is "not operational"
 * (cc 3), so a guest can never signal another VM's vCPUs or the host's.
 */
#ifndef ZARM_ARCH_S390_SIGP_CORE_H
#define ZARM_ARCH_S390_SIGP_CORE_H

#include <stdbool.h>
#include <stdint.h>

#define SIGP_SENSE 0x01
#define SIGP_EXTERNAL_CALL 0x02
#define SIGP_EMERGENCY 0x03
#define SIGP_START 0x04
#define SIGP_STOP 0x05
#define SIGP_RESTART 0x06
#define SIGP_STOP_STORE 0x09
#define SIGP_INITIAL_RESET 0x0b
#define SIGP_RESET 0x0c
#define SIGP_SET_PREFIX 0x0d
#define SIGP_STORE_STATUS 0x0e
#define SIGP_SET_ARCH 0x12
#define SIGP_SENSE_RUNNING 0x15

/* Status bits (stored in R1's low word with cc 1). */
#define SIGP_ST_INVALID_ORDER 0x002
#define SIGP_ST_EXT_CALL_PENDING 0x080
#define SIGP_ST_STOPPED 0x040
#define SIGP_ST_INVALID_PARAM 0x100
#define SIGP_ST_INCORRECT_STATE 0x200
#define SIGP_ST_NOT_RUNNING 0x400

/* A vCPU's state as SIGP sees it (arch/s390's enum s390_vcpu_state). */
enum sigp_cpu_state {
	SIGP_CPU_STOPPED,
	SIGP_CPU_RUNNABLE,
	SIGP_CPU_WAITING,
	SIGP_CPU_DEAD,   /* stopped after an error zarm reported */
};

/* The operands of one SIGP, from the intercept's IPA/IPB and the GPRs. */
struct sigp_insn {
	unsigned int r1, r3;
	unsigned int order;  /* second-operand address, low 8 bits */
	uint64_t param;      /* R1 + 1 (R1 odd: R1 itself) */
	uint64_t addr;       /* CPU address: R3's low 16 bits */
};

void sigp_decode(uint16_t ipa, uint32_t ipb, const uint64_t gprs[16],
		 struct sigp_insn *out);

/* The machine, for the vCPUs of the signalling VM (@cpu < nr_vcpus). */
struct sigp_ops {
	enum sigp_cpu_state (*state)(void *ctx, unsigned int cpu);
	void (*set_state)(void *ctx, unsigned int cpu, enum sigp_cpu_state s);
	/* Its state description is in use by SIE on another host CPU. */
	bool (*on_cpu)(void *ctx, unsigned int cpu);
	bool (*ext_call_pending)(void *ctx, unsigned int cpu);
	/* The interrupt model's SIGP answers: a cc, *status with cc 1. */
	int (*external_call)(void *ctx, unsigned int src, unsigned int dst,
			     uint32_t *status);
	int (*emergency)(void *ctx, unsigned int src, unsigned int dst,
			 uint32_t *status);
	void (*restart)(void *ctx, unsigned int cpu);        /* make pending */
	void (*initial_reset)(void *ctx, unsigned int cpu);
	void (*reset)(void *ctx, unsigned int cpu);          /* local irqs */
	/*
	 * STOP AND STORE STATUS of a vCPU still in SIE elsewhere is accepted
	 * and completed by the CPU running it once it has left: whether one
	 * is on its way, to ask for one, and the store itself (absolute
	 * 0x1200 and the architectural-mode byte 163) for a stopped vCPU.
	 */
	bool (*store_pending)(void *ctx, unsigned int cpu);
	void (*store_when_stopped)(void *ctx, unsigned int cpu);
	void (*store_stopped)(void *ctx, unsigned int cpu);
	/* false: the prefix area at @prefix is not in the VM's storage */
	bool (*set_prefix)(void *ctx, unsigned int cpu, uint32_t prefix);
	/* false: the 512-byte save area at @addr is not in storage */
	bool (*store_status)(void *ctx, unsigned int cpu, uint64_t addr);
	void *ctx;
};

/*
 * Execute @in from vCPU @self of a VM with @nr_vcpus vCPUs. Returns the
 * condition code; *@status (cleared first) is what goes into R1's low
 * word when the cc is 1 and it is non-zero.
 */
int sigp_execute(const struct sigp_ops *ops, unsigned int nr_vcpus,
		 unsigned int self, const struct sigp_insn *in,
		 uint32_t *status);

#endif
