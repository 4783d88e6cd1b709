/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Operands of instructions zarm emulates (STIDP, STSI, STFLE, STAP, STPX,
 * SPX, PTFF, SCK, LCTL ...), accessed as the guest's CPU would: low-
 * address protection, a software walk of the guest's DAT tables with DAT
 * protection, prefixing, the VM's storage limit, and key-controlled
 * protection against the storage keys of the VM's frames. Table lengths
 * and the table-type checks of each entry are not enforced: an entry past
 * a short table is read like any other, and every table read goes
 * through vm_abs(), so a wrong guest table can only hurt the guest.
 */
#include "arch/s390/gaccess.h"

#include "arch/s390/pgm.h"
#include "arch/s390/vm.h"
#include "common/string.h"

#define PSW_MASK_DAT 0x0400000000000000ULL
#define ASCE_REAL_SPACE 0x20ULL
#define ASCE_PRIVATE 0x100ULL
#define ENTRY_INVALID 0x20ULL      /* region and segment entries */
#define ENTRY_PROTECT 0x200ULL
#define ENTRY_FC 0x400ULL          /* large frame (EDAT) */
#define PTE_INVALID 0x400ULL
#define CR0_LOW_ADDRESS_PROTECTION 0x10000000ULL  /* bit 35 */
#define CR0_FETCH_OVERRIDE 0x02000000ULL          /* bit 38 */
#define CR0_STORAGE_OVERRIDE 0x01000000ULL        /* bit 39 */
#define STORAGE_KEY_FETCH 0x08
/* TEID bit 61: the protection exception was DAT protection. */
#define TEID_DAT_PROTECTION 0x4ULL

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

/*
 * Low-address protection (CR0 bit 35): stores to effective addresses
 * 0-511 and 4096-4607, unless DAT is on and the address space's ASCE has
 * the private-space control.
 */
static bool low_address_protected(struct s390_vcpu *v, uint64_t ea)
{
	unsigned int as = (v->sd.psw.mask >> 46) & 3;
	static const unsigned int cr_of_as[4] = { 1, 1, 7, 13 };

	if (!(v->sd.gcr[0] & CR0_LOW_ADDRESS_PROTECTION) ||
	    (ea & ~0x1000ULL) >= 512)
		return false;
	return !(v->sd.psw.mask & PSW_MASK_DAT) ||
	       !(v->sd.gcr[cr_of_as[as]] & ASCE_PRIVATE);
}

/*
 * Key-controlled protection of the frame at host address @host for an
 * access with the PSW key: key 0 and a matching key pass; a fetch passes
 * when the fetch-protection bit is off, or for effective addresses below
 * 2048 with fetch-protection override (CR0 bit 38); storage key 9 passes
 * with storage-protection override (CR0 bit 39). The frame's key is the
 * guest's own (the VM's storage keys are its host frames' keys).
 */
static bool key_protected(struct s390_vcpu *v, uint64_t host, uint64_t ea,
			  bool write)
{
	unsigned int pkey = (v->sd.psw.mask & PSW_MASK_KEY) >> 52;
	uint8_t skey;

	if (!pkey)
		return false;
	skey = cpu_iske(host);
	if ((unsigned int)(skey >> 4) == pkey)
		return false;
	if (!write && !(skey & STORAGE_KEY_FETCH))
		return false;
	if (!write && (v->sd.gcr[0] & CR0_FETCH_OVERRIDE) && ea < 2048)
		return false;
	if ((skey >> 4) == 9 && (v->sd.gcr[0] & CR0_STORAGE_OVERRIDE))
		return false;
	return true;
}

/* Present a failed access: the code, and the TEID where architected. */
static int fault(struct s390_vcpu *v, int code, uint64_t teid,
		 unsigned int ilen)
{
	vcpu_inject_pgm_teid(v, (uint16_t)code, ilen, teid);
	return code;
}

/* The address as the PSW's addressing mode wraps it. */
static uint64_t wrap(struct s390_vcpu *v, uint64_t a)
{
	if (v->sd.psw.mask & PSW_MASK_EA)
		return a;
	return a & ((v->sd.psw.mask & PSW_MASK_BA) ? 0x7fffffffULL : 0xffffffULL);
}

/*
 * Copy between guest logical [addr, addr+len) and @buf, page by page.
 * Every page is checked first, in the PoP's order for one page (low-
 * address protection, DAT and DAT protection, addressing, key-controlled
 * protection), and nothing is moved unless all pass: the instructions
 * zarm emulates are suppressed or nullified by an access exception.
 */
static int copy(struct s390_vcpu *v, uint64_t addr, void *buf, uint64_t len,
		unsigned int ilen, bool write)
{
	unsigned int as = (v->sd.psw.mask >> 46) & 3;

	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t done = 0; done < len;) {
			uint64_t la = wrap(v, addr + done), real, teid;
			uint64_t run = 0x1000 - (la & 0xfff);
			uint8_t *p;
			int rc;

			if (run > len - done)
				run = len - done;
			if (!pass && write && low_address_protected(v, la))
				return fault(v, PGM_PROTECTION, (la & ~0xfffULL) | as, ilen);
			rc = gaccess_translate(v, la, write, &real, &teid);
			if (rc == PGM_PROTECTION)
				teid |= TEID_DAT_PROTECTION;
			if (rc)
				return fault(v, rc, teid, ilen);
			/* Within one page, prefixing moves it as a whole. */
			p = vm_abs(v->vm, vcpu_real_to_abs(v, real), run);
			if (!p)
				return fault(v, PGM_ADDRESSING, 0, ilen);
			if (!pass && key_protected(v, (uint64_t)(uintptr_t)p, la, write))
				return fault(v, PGM_PROTECTION, (la & ~0xfffULL) | as, ilen);
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
