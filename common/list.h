/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intrusive doubly-linked circular list: the node lives inside the object,
 * so queues of vCPUs, timers and interrupts need no allocation.
 */
#ifndef ZARM_COMMON_LIST_H
#define ZARM_COMMON_LIST_H

#include "common/compiler.h"

struct list_node {
	struct list_node *next, *prev;
};

#define LIST_INIT(name) { &(name), &(name) }

static inline void list_init(struct list_node *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

static inline void list_insert_between(struct list_node *n,
				       struct list_node *prev,
				       struct list_node *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

/* Insert @n right after @pos (at the front when @pos is the head). */
static inline void list_add(struct list_node *n, struct list_node *pos)
{
	list_insert_between(n, pos, pos->next);
}

/* Insert @n right before @pos (at the tail when @pos is the head). */
static inline void list_add_tail(struct list_node *n, struct list_node *pos)
{
	list_insert_between(n, pos->prev, pos);
}

/* Unlink @n and leave it self-linked, so a second removal is harmless. */
static inline void list_del(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}

static inline bool list_linked(const struct list_node *n)
{
	return n->next != n;
}

#define list_entry(node, type, member) container_of(node, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)
#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_safe(pos, tmp, head) \
	for (pos = (head)->next, tmp = pos->next; pos != (head); \
	     pos = tmp, tmp = pos->next)

#endif
