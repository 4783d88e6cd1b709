/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FFA_PARTITION_INFO_GET (and 1.2's _REGS): the secure side writes the
 * partition descriptors into the hypervisor's RX buffer; the proxy checks
 * their count and size against that buffer, copies them into the VM's RX
 * in the VM's layout (1.0: 8 bytes, no UUID; 1.1+: 24 bytes) and gives the
 * hypervisor's RX back with FFA_RX_RELEASE on every path.
 */
#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_mem_desc.h"
#include "ffa/ffa_priv.h"

/* FF-A 1.0 defined properties bits 0..2 only. */
#define PROPS_1_0_MASK 0x7u

/* Hand the hypervisor's RX buffer back to the secure side. */
static void release_rx(struct ffa_proxy *p)
{
	struct ffa_regs in, out;
	int rc;

	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_RX_RELEASE;
	rc = ffa_smc(p, &in, &out);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc)
		log_warn("ffa: FFA_RX_RELEASE to the secure side failed (%d)",
			 rc);
}

/*
 * Ask the secure side for the partitions matching @uuid (4 words). With
 * @count_only nothing is written to the RX buffer. Otherwise, on success,
 * p->rx_lock is held and the RX buffer must be released by the caller;
 * *@count and *@size are checked against the buffer.
 */
static int query(struct ffa_proxy *p, const uint32_t uuid[4], bool count_only,
		 uint32_t *count, uint32_t *size)
{
	struct ffa_regs in, out;
	uint64_t bytes;
	unsigned int i;
	int rc;

	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_PARTITION_INFO_GET;
	for (i = 0; i < 4; i++)
		in.x[1 + i] = uuid[i];
	in.x[5] = count_only ? FFA_PART_INFO_COUNT_ONLY : 0;
	if (!count_only)
		spin_lock(&p->rx_lock);
	rc = ffa_smc(p, &in, &out);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc) {
		/* An error means the secure side did not fill the buffer. */
		if (!count_only)
			spin_unlock(&p->rx_lock);
		return rc;
	}
	*count = (uint32_t)out.x[2];
	if (p->sec_version < FFA_VERSION_1_1)
		*size = FFA_PART_INFO_SIZE_1_0;
	else
		*size = (uint32_t)out.x[3] ? (uint32_t)out.x[3]
					   : FFA_PART_INFO_SIZE_1_1;
	if (count_only)
		return 0;
	/* Trust nothing: the descriptors must fit in what was given. */
	if (*size < (p->sec_version < FFA_VERSION_1_1 ? FFA_PART_INFO_SIZE_1_0
						      : FFA_PART_INFO_SIZE_1_1) ||
	    *size % 4 ||
	    mul_overflows((uint64_t)*count, (uint64_t)*size, &bytes) ||
	    bytes > (uint64_t)p->cfg.buf_pages * FFA_PAGE_SIZE) {
		log_err("ffa: secure side partition info out of bounds");
		release_rx(p);
		spin_unlock(&p->rx_lock);
		return -ECANCELED;
	}
	return 0;
}

int ffa_part_info_probe(struct ffa_proxy *p)
{
	static const uint32_t nil[4] = { 0, 0, 0, 0 };
	const uint8_t *rx = p->cfg.rx;
	uint32_t count, size, i;
	int rc;

	rc = query(p, nil, false, &count, &size);
	if (rc)
		return rc;
	if (count > FFA_MAX_PARTS)
		log_warn("ffa: %u partitions, using the first %u",
			 (unsigned int)count, (unsigned int)FFA_MAX_PARTS);
	p->nparts = 0;
	for (i = 0; i < count && i < FFA_MAX_PARTS; i++) {
		const uint8_t *d = rx + (size_t)i * size;
		struct ffa_partition *pt = &p->parts[p->nparts];

		pt->id = ffa_get16(d);
		pt->nctx = ffa_get16(d + 2);
		pt->props = ffa_get32(d + 4);
		memset(pt->uuid, 0, sizeof(pt->uuid));
		if (size >= FFA_PART_INFO_SIZE_1_1)
			memcpy(pt->uuid, d + 8, sizeof(pt->uuid));
		/* Only secure endpoints are partitions we forward to. */
		if (pt->id & FFA_ID_SECURE_BIT)
			p->nparts++;
	}
	release_rx(p);
	spin_unlock(&p->rx_lock);
	return 0;
}

int ffa_do_part_info(struct ffa_proxy *p, struct ffa_vm *vm,
		     struct ffa_regs *r)
{
	uint32_t uuid[4], flags = (uint32_t)r->x[5], count, size, out_size, i;
	bool v11 = vm->version >= FFA_VERSION_1_1;
	bool count_only = v11 && (flags & FFA_PART_INFO_COUNT_ONLY);
	uint64_t need;
	uint8_t *dst;
	int rc;

	/* check all */
	for (i = 0; i < 4; i++)
		uuid[i] = (uint32_t)r->x[1 + i];
	if (flags & ~(v11 ? FFA_PART_INFO_COUNT_ONLY : 0u))
		return -EINVAL;
	out_size = v11 ? FFA_PART_INFO_SIZE_1_1 : FFA_PART_INFO_SIZE_1_0;
	if (count_only && p->sec_version >= FFA_VERSION_1_1) {
		rc = query(p, uuid, true, &count, &size);
		if (rc)
			return rc;
		ffa_set_success(r, count, out_size);
		return 0;
	}
	if (!count_only) {
		if (!vm->mapped)
			return -EPERM;
		if (vm->rx_full)
			return -EBUSY;
	}
	/* act: the hypervisor's RX is ours until released below */
	rc = query(p, uuid, false, &count, &size);
	if (rc)
		return rc;
	if (!count_only) {
		if (mul_overflows((uint64_t)count, (uint64_t)out_size, &need) ||
		    need > (uint64_t)vm->npages * FFA_PAGE_SIZE) {
			rc = -ENOMEM; /* the VM's RX is too small */
			goto out_release;
		}
		dst = vm->rx;
		for (i = 0; i < count; i++) {
			const uint8_t *s = (const uint8_t *)p->cfg.rx +
					   (size_t)i * size;
			uint8_t *d = dst + (size_t)i * out_size;
			uint32_t props = ffa_get32(s + 4);

			memcpy(d, s, 4); /* id, execution context count */
			if (v11) {
				ffa_put32(d + 4, props);
				if (size >= FFA_PART_INFO_SIZE_1_1)
					memcpy(d + 8, s + 8, 16);
				else
					memset(d + 8, 0, 16);
			} else {
				ffa_put32(d + 4, props & PROPS_1_0_MASK);
			}
		}
		vm->rx_full = true;
	}
	ffa_set_success(r, count, v11 ? out_size : 0);
out_release:
	release_rx(p);
	spin_unlock(&p->rx_lock);
	return rc;
}

int ffa_do_part_info_regs(struct ffa_proxy *p, struct ffa_vm *vm,
			  struct ffa_regs *r)
{
	struct ffa_regs out;
	int rc;

	(void)vm;
	/* Everything is in registers: no buffer, nothing to bound here. */
	rc = ffa_smc(p, r, &out);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc)
		return rc;
	*r = out;
	return 0;
}
