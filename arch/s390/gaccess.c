/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A software walk of the guest's DAT tables, for operands of instructions
 * zarm emulates (STIDP, STSI, STFLE). Table lengths and the table-type
 * checks of each entry are not enforced: an entry past a short table is
 * read like any other, and every table read goes through vm_abs(), so a
 * wrong guest table can only hurt the guest.
 */
#include "arch/s390/gaccess.h"

#include "arch/s390/vm.h"
#include "common/string.h"

#define PSW_MASK_DAT 0x0400000000000000ULL
#define ASCE_REAL_SPACE 0x20ULL
#define ENTRY_INVALID 0x20ULL      /* region and segment entries */
#define ENTRY_PROTECT 0x200ULL
#define ENTRY_FC 0x400ULL          /* large frame (EDAT) */
#define PTE_INVALID 0x400ULL

#define PGM_PROTECTION 0x04
#define PGM_ADDRESSING 0x05
#define PGM_SEGMENT 0x10
#define PGM_PAGE 0x11
#define PGM_ASCE_TYPE 0x38
#define PGM_REGION_FIRST 0x39
#define PGM_REGION_SECOND 0x3a
#define PGM_REGION_THIRD 0x3b

/* The 8-byte table entry at guest real @real, or false if outside. */
static bool read_entry(struct s390_vcpu *v, uint64_t real, uint64_t *e)
{
	const uint64_t *p = vm_abs(v->vm, vcpu_real_to_abs(v, real), 8);

	if (!p)
		return false;
	*e = *p;
	return true;
}

int gaccess_translate(struct s390_vcpu *v, uint64_t addr, bool write,
		      uint64_t *real, uint64_t *teid)
{
	unsigned int as = (v->sd.psw.mask >> 46) & 3;
	static const unsigned int cr_of_as[4] = { 1, 1, 7, 13 };
	uint64_t asce = v->sd.gcr[cr_of_as[as]], origin, e = 0;
	int level;
	bool prot = false;

	*teid = (addr & ~0xfffULL) | as;
	if (!(v->sd.psw.mask & PSW_MASK_DAT) || (asce & ASCE_REAL_SPACE)) {
		*real = addr;
		return 0;
	}
	origin = asce & ~0xfffULL;
	/* Levels: 3 region first, 2 second, 1 third, 0 segment. */
	level = (asce >> 2) & 3;
	/* A top table below region first covers 2^31, 2^42 or 2^53 bytes. */
	if (level < 3 && (addr >> (level == 0 ? 31 : level == 1 ? 42 : 53)))
		return PGM_ASCE_TYPE;
	for (; level > 0; level--) {
		static const int code[4] = { 0, PGM_REGION_THIRD,
					     PGM_REGION_SECOND, PGM_REGION_FIRST };
		unsigned int shift = level == 3 ? 53 : level == 2 ? 42 : 31;

		if (!read_entry(v, origin + ((addr >> shift) & 0x7ff) * 8, &e))
			return PGM_ADDRESSING;
		if (e & ENTRY_INVALID)
			return code[level];
		prot |= e & ENTRY_PROTECT;
		if (level == 1 && (e & ENTRY_FC)) {
			*real = (e & ~0x7fffffffULL) | (addr & 0x7fffffffULL);
			goto done;
		}
		origin = e & ~0xfffULL;
	}
	if (!read_entry(v, origin + ((addr >> 20) & 0x7ff) * 8, &e))
		return PGM_ADDRESSING;
	if (e & ENTRY_INVALID)
		return PGM_SEGMENT;
	prot |= e & ENTRY_PROTECT;
	if (e & ENTRY_FC) {
		*real = (e & ~0xfffffULL) | (addr & 0xfffffULL);
		goto done;
	}
	if (!read_entry(v, (e & ~0x7ffULL) + ((addr >> 12) & 0xff) * 8, &e))
		return PGM_ADDRESSING;
	if (e & PTE_INVALID)
		return PGM_PAGE;
	prot |= e & ENTRY_PROTECT;
	*real = (e & ~0xfffULL) | (addr & 0xfffULL);
done:
	if (write && prot)
		return PGM_PROTECTION;
	return 0;
}

/* Present a failed access: the code, and the TEID for DAT exceptions. */
static int fault(struct s390_vcpu *v, int code, uint64_t teid,
		 unsigned int ilen)
{
	uint8_t *lc = vm_abs(v->vm, v->sd.prefix, LC_SIZE);

	if (lc && code != PGM_ADDRESSING)
		memcpy(lc + LC_TRANS_EXC, &teid, 8);
	vcpu_inject_pgm(v, (uint16_t)code, ilen);
	return code;
}

/* Copy between guest logical [addr, addr+len) and @buf, page by page. */
static int copy(struct s390_vcpu *v, uint64_t addr, void *buf, uint64_t len,
		unsigned int ilen, bool write)
{
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t done = 0; done < len;) {
			uint64_t la = addr + done, real, teid;
			uint64_t run = 0x1000 - (la & 0xfff);
			uint8_t *p;
			int rc;

			if (run > len - done)
				run = len - done;
			rc = gaccess_translate(v, la, write, &real, &teid);
			if (rc)
				return fault(v, rc, teid, ilen);
			/* Within one page, prefixing moves it as a whole. */
			p = vm_abs(v->vm, vcpu_real_to_abs(v, real), run);
			if (!p)
				return fault(v, PGM_ADDRESSING, 0, ilen);
			if (pass && write)
				memcpy(p, (uint8_t *)buf + done, run);
			else if (pass)
				memcpy((uint8_t *)buf + done, p, run);
			done += run;
		}
	}
	return 0;
}

int gaccess_store(struct s390_vcpu *v, uint64_t addr, const void *src,
		  uint64_t len, unsigned int ilen)
{
	return copy(v, addr, (void *)src, len, ilen, true);
}

int gaccess_fetch(struct s390_vcpu *v, uint64_t addr, void *dst, uint64_t len,
		  unsigned int ilen)
{
	return copy(v, addr, dst, len, ilen, false);
}
