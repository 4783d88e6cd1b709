/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Direct messages between a VM and a secure partition
 * (FFA_MSG_SEND_DIRECT_REQ/RESP 32/64, 1.2's REQ2/RESP2) and the framework
 * messages the hypervisor itself sends (VM_CREATED, VM_DESTROYED).
 */
#include "common/errno.h"
#include "common/string.h"
#include "ffa/ffa_priv.h"

static bool is_resp(uint32_t fid)
{
	return fid == FFA_MSG_SEND_DIRECT_RESP_32 ||
	       fid == FFA_MSG_SEND_DIRECT_RESP_64;
}

int ffa_do_direct_req(struct ffa_proxy *p, struct ffa_vm *vm,
		      struct ffa_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	bool req2 = fid == FFA_MSG_SEND_DIRECT_REQ2;
	unsigned int nregs = req2 ? 18 : 8, i;
	uint32_t w1 = (uint32_t)r->x[1], rfid;
	uint16_t src = (uint16_t)(w1 >> 16), dst = (uint16_t)w1;
	struct ffa_regs in, out;
	int rc;

	/* check all: the VM speaks for itself, to a known partition */
	if (src != vm->id || ffa_find_partition(p, dst) < 0)
		return -EINVAL;
	/* Framework messages (VM_CREATED...) are the hypervisor's alone. */
	if (!req2 && ((uint32_t)r->x[2] & FFA_MSG_FLAG_FRAMEWORK))
		return -EINVAL;
	memset(&in, 0, sizeof(in));
	in.x[0] = fid;
	for (i = 1; i < nregs; i++)
		in.x[i] = ffa_arg(r, i);
	/* act */
	rc = ffa_smc(p, &in, &out);
	if (rc)
		return rc;
	rfid = (uint32_t)out.x[0];
	if (rfid == FFA_ERROR)
		return ffa_smc_status(&out);
	if (rfid == FFA_INTERRUPT)
		return -EINTR; /* FFA_RUN is not offered: the VM retries */
	if (req2 ? rfid != FFA_MSG_SEND_DIRECT_RESP2 : !is_resp(rfid))
		return -ECANCELED;
	/* The answer must come from the partition asked, to this VM. */
	if ((uint32_t)out.x[1] != ((uint32_t)dst << 16 | vm->id) ||
	    (!req2 && ((uint32_t)out.x[2] & FFA_MSG_FLAG_FRAMEWORK)))
		return -ECANCELED;
	for (i = 0; i < nregs; i++)
		r->x[i] = out.x[i];
	return 0;
}

/*
 * No partition ever sends a VM a direct request through the proxy, so a
 * response from a VM answers nothing: refused once its sender is checked.
 */
int ffa_do_direct_resp(struct ffa_proxy *p, struct ffa_vm *vm,
		       struct ffa_regs *r)
{
	(void)p;
	if ((uint16_t)((uint32_t)r->x[1] >> 16) != vm->id)
		return -EINVAL;
	return -EPERM;
}

int ffa_send_vm_msg(struct ffa_proxy *p, uint16_t part_id, uint16_t vm_id,
		    uint32_t msg)
{
	struct ffa_regs in, out;
	int32_t status;
	int rc;

	memset(&in, 0, sizeof(in));
	in.x[0] = FFA_MSG_SEND_DIRECT_REQ_32;
	in.x[1] = part_id; /* from the hypervisor, endpoint 0 */
	in.x[2] = FFA_MSG_FLAG_FRAMEWORK | msg;
	in.x[5] = vm_id;
	rc = ffa_smc(p, &in, &out);
	if (rc)
		return rc;
	if ((uint32_t)out.x[0] == FFA_ERROR)
		return ffa_smc_status(&out);
	if ((uint32_t)out.x[0] != FFA_MSG_SEND_DIRECT_RESP_32 ||
	    (uint32_t)out.x[1] != ((uint32_t)part_id << 16) ||
	    (uint32_t)out.x[2] != (FFA_MSG_FLAG_FRAMEWORK | (msg + 1)))
		return -ECANCELED;
	status = (int32_t)(uint32_t)out.x[3];
	return status ? ffa_ffa_to_errno(status) : 0;
}
