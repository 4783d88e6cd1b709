/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SCLP a VM sees (SERVICE CALL, B220): read SCP info and read CPU info
 * describing the VM's own storage and vCPUs, write event mask, write event
 * data for line-mode messages (type 0x02, EBCDIC message text objects) and
 * VT220 ASCII data (type 0x1A) going to the VM's console, and read event
 * data (there is no console input: "no event buffers stored").
 * Every event buffer of a write is handled. Each accepted request ends
 * with a service-signal external interruption carrying the SCCB address;
 * until the guest has taken it, a new SERVC gets cc 2 (busy).
 * The SCCB is validated before anything is written: address (specification
 * or addressing exception), length and page boundary (response codes).
 */
#include "arch/s390/s390.h"

#include "arch/s390/console.h"
#include "arch/s390/vm.h"
#include "common/string.h"

#define PGM_PRIVILEGED 0x02
#define PGM_ADDRESSING 0x05
#define PGM_SPECIFICATION 0x06

#define CMD_READ_SCP_INFO 0x00020001u
#define CMD_READ_SCP_INFO_FORCED 0x00120001u
#define CMD_READ_CPU_INFO 0x00010001u
#define CMD_WRITE_EVENT_MASK 0x00780005u
#define CMD_WRITE_EVENT_DATA 0x00760005u
#define CMD_READ_EVENT_DATA 0x00770005u

#define RC_READ_OK 0x0010
#define RC_OK 0x0020
#define RC_BOUNDARY 0x0100
#define RC_INVALID_COMMAND 0x01f0
#define RC_SHORT_SCCB 0x0300
#define RC_INVALID_FUNCTION 0x40f0
#define RC_NO_EVENTS 0x60f0
#define RC_INCONSISTENT_LENGTHS 0x72f0
#define RC_SYNTAX_ERROR 0x73f0
#define RC_INVALID_MASK_LENGTH 0x74f0

#define EV_MESSAGE 0x02
#define EV_VT220 0x1a
#define EV_PROCESSED 0x80
/* Event types the SCLP accepts from the guest, as a 32-bit mask. */
#define MASK_OF(t) (1u << (32 - (t)))
#define SCLP_RECEIVE (MASK_OF(EV_MESSAGE) | MASK_OF(EV_VT220))
#define SCLP_SEND 0u

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, (uint16_t)v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, (uint32_t)v);
}

static uint16_t read_scp_info(struct s390_vcpu *v, uint8_t *s, uint16_t len)
{
	struct s390_vm *vm = v->vm;
	uint16_t need = 128 + 16 * vm->vm.nr_vcpus;
	uint64_t mib = vm->size >> 20;

	if (len < need)
		return RC_SHORT_SCCB;
	memset(s + 8, 0, len - 8);
	/* Storage: increments of 1 MiB (rnmax, rnsize; 64-bit forms too). */
	put16(s + 8, mib > 0xffff ? 0 : (uint16_t)mib);
	s[10] = 1;
	put16(s + 16, (uint16_t)vm->vm.nr_vcpus);
	put16(s + 18, 128);
	put32(s + 100, 1);
	put64(s + 104, mib);
	put16(s + 120, (uint16_t)(vm->vm.nr_vcpus - 1)); /* highest CPU address */
	for (unsigned int i = 0; i < vm->vm.nr_vcpus; i++)
		s[128 + 16 * i] = (uint8_t)i;
	return RC_READ_OK;
}

static uint16_t read_cpu_info(struct s390_vcpu *v, uint8_t *s, uint16_t len)
{
	unsigned int n = v->vm->vm.nr_vcpus;

	if (len < 16 + 16 * n)
		return RC_SHORT_SCCB;
	memset(s + 8, 0, len - 8);
	put16(s + 8, (uint16_t)n);  /* configured */
	put16(s + 10, 16);          /* their offset */
	put16(s + 12, 0);           /* standby */
	put16(s + 14, (uint16_t)(16 + 16 * n));
	for (unsigned int i = 0; i < n; i++)
		s[16 + 16 * i] = (uint8_t)i;
	return RC_READ_OK;
}

static uint32_t get_mask(const uint8_t *p, unsigned int n)
{
	uint32_t m = 0;

	for (unsigned int i = 0; i < 4; i++)
		m = m << 8 | (i < n ? p[i] : 0);
	return m;
}

static void put_mask(uint8_t *p, unsigned int n, uint32_t m)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = i < 4 ? (uint8_t)(m >> (24 - 8 * i)) : 0;
}

static uint16_t write_event_mask(struct s390_vcpu *v, uint8_t *s, uint16_t len)
{
	unsigned int n;

	if (len < 12)
		return RC_SHORT_SCCB;
	n = get16(s + 10);
	if (n < 1 || n > 1021 || len < 12 + 4 * n)
		return RC_INVALID_MASK_LENGTH;
	v->vm->sclp_cp_receive = get_mask(s + 12, n);
	v->vm->sclp_cp_send = get_mask(s + 12 + n, n);
	put_mask(s + 12 + 2 * n, n, SCLP_SEND);
	put_mask(s + 12 + 3 * n, n, SCLP_RECEIVE);
	return RC_OK;
}

/* Message data block: print each message text object (type 4) as a line. */
static void write_mdb(struct s390_vm *vm, const uint8_t *p, unsigned int len)
{
	unsigned int mdb_len, off;

	if (len < 12)
		return;
	mdb_len = get16(p);
	if (mdb_len > len)
		mdb_len = len;
	for (off = 12; off + 4 <= mdb_len;) {
		unsigned int olen = get16(p + off), type = get16(p + off + 2);

		if (olen < 4 || off + olen > mdb_len)
			break;
		if (type == 4 && olen >= 10) {
			char line[S390_CON_LINE];
			unsigned int n = 0;

			for (unsigned int i = 10; i < olen && n < sizeof(line); i++)
				line[n++] = con_from_ebcdic(p[off + i]);
			vm_console_write(vm, line, n);
			vm_console_write(vm, "\n", 1);
		}
		off += olen;
	}
}

static uint16_t write_event_data(struct s390_vcpu *v, uint8_t *s, uint16_t len)
{
	unsigned int off, total = 0;

	if (s[2] != 0)
		return RC_INVALID_FUNCTION;
	/* Check every buffer's length and type before acting on any. */
	for (off = 8; off < len; off += get16(s + off)) {
		unsigned int el;

		if (off + 6 > len)
			return RC_INCONSISTENT_LENGTHS;
		el = get16(s + off);
		if (el < 6)
			return RC_SYNTAX_ERROR;
		if (off + el > len)
			return RC_INCONSISTENT_LENGTHS;
		if (s[off + 2] != EV_MESSAGE && s[off + 2] != EV_VT220)
			return RC_INVALID_FUNCTION;
		total++;
	}
	if (!total)
		return RC_INCONSISTENT_LENGTHS;
	for (off = 8; off < len; off += get16(s + off)) {
		unsigned int el = get16(s + off);

		if (s[off + 2] == EV_VT220)
			vm_console_write(v->vm, (const char *)s + off + 6, el - 6);
		else
			write_mdb(v->vm, s + off + 6, el - 6);
		s[off + 3] |= EV_PROCESSED;
	}
	return RC_OK;
}

static uint16_t execute(struct s390_vcpu *v, uint32_t cmd, uint8_t *s, uint16_t len)
{
	switch (cmd) {
	case CMD_READ_SCP_INFO:
	case CMD_READ_SCP_INFO_FORCED:
		return read_scp_info(v, s, len);
	case CMD_READ_CPU_INFO:
		return read_cpu_info(v, s, len);
	case CMD_WRITE_EVENT_MASK:
		return write_event_mask(v, s, len);
	case CMD_WRITE_EVENT_DATA:
		return write_event_data(v, s, len);
	case CMD_READ_EVENT_DATA:
		return RC_NO_EVENTS;
	default:
		return RC_INVALID_COMMAND;
	}
}

void sclp_servc(struct s390_vcpu *v)
{
	/* RRE: the register fields are in the low byte of IPB's top half. */
	unsigned int r1 = (v->sd.ipb >> 20) & 15, r2 = (v->sd.ipb >> 16) & 15;
	uint32_t cmd = (uint32_t)vcpu_gpr(v, r1);
	uint64_t real = vcpu_gpr(v, r2), abs;
	uint8_t *s;
	uint16_t len;

	if (v->sd.psw.mask & PSW_MASK_PSTATE) {
		vcpu_inject_pgm(v, PGM_PRIVILEGED, 4);
		return;
	}
	/* Below 2 GiB, doubleword aligned, not in page 0 or the prefix. */
	abs = vcpu_real_to_abs(v, real);
	if ((real & ~0x7ffffff8ULL) || real < LC_SIZE ||
	    (abs & ~(LC_SIZE - 1ULL)) == v->sd.prefix) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	s = vm_abs(v->vm, abs, 8);
	if (!s) {
		vcpu_inject_pgm(v, PGM_ADDRESSING, 4);
		return;
	}
	if (v->ext_pending & EXT_SERVICE) {
		vcpu_set_cc(v, 2);
		return;
	}
	len = get16(s);
	if (len < 8) {
		vcpu_inject_pgm(v, PGM_SPECIFICATION, 4);
		return;
	}
	if (!vm_abs(v->vm, abs, len)) {
		vcpu_inject_pgm(v, PGM_ADDRESSING, 4);
		return;
	}
	if ((abs & 0xfff) + len > 0x1000)
		put16(s + 6, RC_BOUNDARY);
	else
		put16(s + 6, execute(v, cmd, s, len));
	v->service_param = (uint32_t)real & ~7u;
	vcpu_post_ext(v, EXT_SERVICE);
	vcpu_set_cc(v, 0);
}
