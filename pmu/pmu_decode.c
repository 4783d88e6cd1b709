/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MRS/MSR encodings of the PMUv3 registers (Arm ARM D19, op0 = 3):
 * op1 3, CRn 9, CRm 12-14 for the EL0 registers; op1 0, CRn 9, CRm 14 for
 * PMINTENSET/CLR_EL1 and PMMIR_EL1; op1 3, CRn 14, CRm 8-11 for
 * PMEVCNTR<n>_EL0 and CRm 12-15 for PMEVTYPER<n>_EL0 (n = CRm[1:0]:op2,
 * n = 31 of the latter being PMCCFILTR_EL0).
 */
#include "pmu/pmu.h"

static const signed char crm12[8] = {
	PMU_REG_PMCR, PMU_REG_PMCNTENSET, PMU_REG_PMCNTENCLR, PMU_REG_PMOVSCLR,
	PMU_REG_PMSWINC, PMU_REG_PMSELR, PMU_REG_PMCEID0, PMU_REG_PMCEID1,
};
static const signed char crm13[8] = {
	PMU_REG_PMCCNTR, PMU_REG_PMXEVTYPER, PMU_REG_PMXEVCNTR, -1, -1, -1, -1, -1,
};
static const signed char crm14_op1_3[8] = {
	PMU_REG_PMUSERENR, -1, -1, PMU_REG_PMOVSSET, -1, -1, -1, -1,
};
static const signed char crm14_op1_0[8] = {
	-1, PMU_REG_PMINTENSET, PMU_REG_PMINTENCLR, -1, -1, -1, PMU_REG_PMMIR, -1,
};

bool pmu_decode(unsigned int op0, unsigned int op1, unsigned int crn, unsigned int crm,
		unsigned int op2, enum pmu_reg *reg, unsigned int *n)
{
	int r = -1;

	*n = 0;
	if (op0 != 3 || op2 > 7)
		return false;
	if (crn == 9 && op1 == 3) {
		if (crm == 12)
			r = crm12[op2];
		else if (crm == 13)
			r = crm13[op2];
		else if (crm == 14)
			r = crm14_op1_3[op2];
	} else if (crn == 9 && op1 == 0 && crm == 14) {
		r = crm14_op1_0[op2];
	} else if (crn == 14 && op1 == 3 && crm >= 8 && crm <= 15) {
		unsigned int idx = ((crm & 3) << 3) | op2;

		if (crm < 12) {
			if (idx == 31)
				return false;	/* unallocated */
			r = PMU_REG_PMEVCNTR;
		} else {
			r = idx == 31 ? PMU_REG_PMCCFILTR : PMU_REG_PMEVTYPER;
		}
		*n = idx == 31 ? 0 : idx;
	}
	if (r < 0)
		return false;
	*reg = (enum pmu_reg)r;
	return true;
}
