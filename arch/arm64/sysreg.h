/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System-register access and the EL2 bit definitions zarm uses. Only arch
 * code includes this: models never touch the machine.
 */
#ifndef ZARM_ARM64_SYSREG_H
#define ZARM_ARM64_SYSREG_H

#include <stdint.h>

#define read_sysreg(r) ({ uint64_t __v; \
	__asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) do { uint64_t __v = (uint64_t)(v); \
	__asm__ volatile("msr " #r ", %x0" : : "rZ"(__v)); } while (0)
/* Registers the assembler knows only by their encoding. */
#define read_sysreg_s(enc) ({ uint64_t __v; \
	__asm__ volatile("mrs %0, " enc : "=r"(__v)); __v; })
#define write_sysreg_s(enc, v) do { uint64_t __v = (uint64_t)(v); \
	__asm__ volatile("msr " enc ", %x0" : : "rZ"(__v)); } while (0)

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")

/* HCR_EL2 */
#define HCR_VM (1UL << 0)
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_TWI (1UL << 13)
#define HCR_TWE (1UL << 14)
#define HCR_TSC (1UL << 19)
#define HCR_RW (1UL << 31)
#define HCR_APK (1UL << 40)
#define HCR_API (1UL << 41)
/* Pointer authentication is the guest's own (keys switched with the vCPU). */
#define HCR_GUEST (HCR_RW | HCR_TSC | HCR_TWI | HCR_TWE | HCR_AMO | HCR_IMO | \
		   HCR_FMO | HCR_VM | HCR_API | HCR_APK)

/* ESR_EL2 exception classes zarm handles. */
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18
#define EC_SVE 0x19
#define EC_SME 0x1d
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1UL << 25)

/* Data-abort ISS fields (valid when ISV = 1). */
#define DABT_ISV (1UL << 24)
#define DABT_SAS(esr) (((esr) >> 22) & 3)
#define DABT_SSE (1UL << 21)
#define DABT_SRT(esr) (((esr) >> 16) & 31)
#define DABT_SF (1UL << 15)
#define DABT_WNR (1UL << 6)

/* SPSR: EL1h with D, A, I, F masked, as an exception entry leaves it. */
#define SPSR_EL1H_MASKED 0x3c5UL
#define SPSR_MODE_MASK 0xfUL

/* Pointer-authentication keys: AP{IA,IB,DA,DB,GA}KEY{Lo,Hi}_EL1. */
#define APKEY_ENC(crm, op2) "S3_0_C2_C" #crm "_" #op2

/* ICH_* (GICv3 virtual interface), encodings for older assemblers. */
#define ICH_HCR_EL2 "S3_4_C12_C11_0"
#define ICH_VTR_EL2 "S3_4_C12_C11_1"
#define ICH_MISR_EL2 "S3_4_C12_C11_2"
#define ICH_ELRSR_EL2 "S3_4_C12_C11_5"
#define ICH_VMCR_EL2 "S3_4_C12_C11_7"
#define ICC_SRE_EL2 "S3_4_C12_C9_5"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_DIR_EL1 "S3_0_C12_C11_1"
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"

/* ICH_LR<n>_EL2 fields: irq/vgic.h (the model writes the list registers). */

#endif
