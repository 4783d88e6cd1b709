/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Version negotiation (with the secure side at init and with each VM) and
 * the identity calls FFA_ID_GET and FFA_SPM_ID_GET.
 */
#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_priv.h"

int ffa_version_secure(struct ffa_proxy *p)
{
	struct ffa_regs in, out;
	uint32_t v;
	int rc;

	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_VERSION;
	in.x[1] = FFA_PROXY_VERSION;
	rc = ffa_smc(p, &in, &out);
	if (rc)
		return rc;
	v = (uint32_t)out.x[0];
	/* NOT_SUPPORTED (-1) has bit 31 set; so has no valid version. */
	if ((v & 0x80000000u) || FFA_VERSION_MAJOR(v) != 1)
		return -EOPNOTSUPP;
	p->sec_version = MIN(v, FFA_PROXY_VERSION);
	/* VMs get no more than the secure side speaks: layouts match then. */
	p->version = p->sec_version;
	return 0;
}

/*
 * FFA_VERSION answers in w0 itself (the proxy's version, or
 * NOT_SUPPORTED), never with FFA_SUCCESS. A compatible request (major 1)
 * sets the layout the proxy uses with this VM: the lower of the two minor
 * versions. Once the VM's RX/TX are mapped the layout stays as it was.
 */
int ffa_do_version(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r)
{
	uint32_t req = (uint32_t)r->x[1];
	unsigned int i;

	for (i = 1; i < 8; i++)
		r->x[i] = 0;
	if (req & 0x80000000u) {
		r->x[0] = (uint32_t)FFA_RET_NOT_SUPPORTED;
		return 0;
	}
	if (FFA_VERSION_MAJOR(req) == 1 && !vm->mapped) {
		vm->version = MIN(req, p->version);
		vm->version_set = true;
	}
	r->x[0] = p->version;
	return 0;
}

int ffa_do_id_get(struct ffa_proxy *p, struct ffa_vm *vm, struct ffa_regs *r)
{
	(void)p;
	ffa_set_success(r, vm->id, 0);
	return 0;
}

int ffa_do_spm_id_get(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r)
{
	struct ffa_regs in, out;
	int rc;

	(void)vm;
	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_SPM_ID_GET;
	rc = ffa_smc(p, &in, &out);
	if (!rc)
		rc = ffa_smc_status(&out);
	if (rc)
		return rc;
	/* An SPMC id is a secure endpoint id: bit 15 set. */
	if (!((uint16_t)out.x[2] & FFA_ID_SECURE_BIT))
		return -ECANCELED;
	ffa_set_success(r, (uint16_t)out.x[2], 0);
	return 0;
}
