/*
 * initrd.c - the read-only root: a USTAR archive that GRUB loaded as a
 * module, turned into a tree of inodes at boot.
 *
 * The archive is never trusted.  A header must have the "ustar" magic, a
 * correct checksum and well-formed octal fields, and its data must lie
 * inside the module; the first header that fails ends the archive (nothing
 * after it can be located), with a warning.  A well-formed entry that
 * cannot be used (a ".." in its name, a type other than file, directory or
 * hard link, a clash with an earlier entry) is skipped with a warning.
 * Names are read within their fields' bounds: USTAR does not NUL-terminate
 * a name that fills its 100 bytes.
 *
 * File bytes stay in the module: read() copies from there and the exec
 * loader checks images in place (inode_contiguous_data).  Only mmap needs
 * page-aligned copies, made on first use into a per-inode page cache and
 * returned to the frame allocator when the inode's last user goes.
 */
#include <kernel.h>
#include "../lib/string.h"
#include "../mm/frame.h"
#include "../mm/kheap.h"
#include "../mm/paging.h"
#include "fs.h"

#define BLOCK 512u

struct ustar_hdr {
	char name[100];
	char mode[8];
	char uid[8];
	char gid[8];
	char size[12];
	char mtime[12];
	char chksum[8];
	char typeflag;
	char linkname[100];
	char magic[6];
	char version[2];
	char uname[32];
	char gname[32];
	char devmajor[8];
	char devminor[8];
	char prefix[155];
	char pad[12];
};
_Static_assert(sizeof(struct ustar_hdr) == BLOCK, "a USTAR header is one block");

static const uint8_t *initrd_base;
static size_t initrd_len;

static const struct inode_ops initrd_file_ops;
static void initrd_drop_cache(struct inode *ino);

void initrd_set(const void *base, size_t len)
{
	initrd_base = base;
	initrd_len = base ? len : 0;
}

/* ---- header validation ---- */

/* An octal field: optional leading spaces, at least one octal digit, then
 * only NULs and spaces to the end of the field (tar writes both). */
static bool parse_octal(const char *f, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;
	while (i < n && f[i] == ' ')
		i++;
	size_t first = i;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return false;
		v = v * 8 + (uint64_t)(f[i] - '0');
	}
	if (i == first)
		return false;
	for (; i < n; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return false;
	*out = v;
	return true;
}

/* The checksum counts the chksum field as spaces; old tars summed signed
 * chars, so either sum is accepted. */
static bool checksum_ok(const struct ustar_hdr *h)
{
	const uint8_t *b = (const uint8_t *)h;
	uint64_t want;
	if (!parse_octal(h->chksum, sizeof(h->chksum), &want))
		return false;
	uint32_t usum = 0;
	int32_t ssum = 0;
	for (size_t i = 0; i < BLOCK; i++) {
		bool in_field = i >= offsetof(struct ustar_hdr, chksum) &&
				i < offsetof(struct ustar_hdr, chksum) + sizeof(h->chksum);
		uint8_t c = in_field ? ' ' : b[i];
		usum += c;
		ssum += (int8_t)c;
	}
	return want == usum || (int64_t)want == ssum;
}

static bool is_posix_ustar(const struct ustar_hdr *h)
{
	return memcmp(h->magic, "ustar", 6) == 0;       /* "ustar\0" */
}

static bool is_gnu_tar(const struct ustar_hdr *h)
{
	return memcmp(h->magic, "ustar ", 6) == 0;      /* GNU's "ustar  \0" */
}

static bool block_is_zero(const uint8_t *b)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (b[i])
			return false;
	return true;
}

/* The entry's path: prefix "/" name, each read within its field. */
#define HDR_PATH_MAX  (sizeof(((struct ustar_hdr *)0)->prefix) + 1 + \
		       sizeof(((struct ustar_hdr *)0)->name) + 1)

static void header_path(const struct ustar_hdr *h, char out[HDR_PATH_MAX])
{
	size_t at = 0;
	if (is_posix_ustar(h)) {        /* GNU keeps other data where prefix is */
		size_t plen = strnlen(h->prefix, sizeof(h->prefix));
		if (plen) {
			memcpy(out, h->prefix, plen);
			out[plen] = '/';
			at = plen + 1;
		}
	}
	size_t nlen = strnlen(h->name, sizeof(h->name));
	memcpy(out + at, h->name, nlen);
	out[at + nlen] = '\0';
}

/* ---- building the tree ---- */

static bool mode_is_dir(uint32_t mode)
{
	return (mode & S_IFMT) == S_IFDIR;
}

static struct inode *make_node(struct inode *dir, const char *name, size_t len, uint32_t mode)
{
	const struct inode_ops *ops = mode_is_dir(mode) ? &initrd_dir_ops : &initrd_file_ops;
	struct inode *ino = inode_alloc(mode, DEV_INITRD, ops, name, len);
	if (!ino)
		return NULL;
	if (dir_insert(dir, ino) != 0) {
		inode_free(ino);
		return NULL;
	}
	return ino;
}

/* What one archive entry becomes. */
struct entry {
	const char *path;
	uint32_t mode;                  /* S_IFREG or S_IFDIR | permissions */
	const uint8_t *data;
	uint32_t size;
};

static void set_file(struct inode *ino, const struct entry *e)
{
	initrd_drop_cache(ino);         /* sized for the old bytes */
	ino->mode = e->mode;
	ino->u.initrd.data = e->data;
	ino->size = e->size;
}

/* Walk e->path from root, making missing directories, and put the entry at
 * its end.  A later entry for the same name replaces an earlier one, as
 * tar itself does on extraction. */
static void add_entry(struct inode *root, const struct entry *e)
{
	struct inode *dir = root;
	const char *p = e->path;
	bool want_dir = mode_is_dir(e->mode);
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return;                 /* "./" and the like: the root itself */
		const char *comp = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - comp);
		const char *rest = p;
		while (*rest == '/')
			rest++;
		bool last = *rest == '\0';
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			kprintf("initrd: %s: \"..\" in a name, skipped\n", e->path);
			return;
		}
		struct inode *child = dir_lookup(dir, comp, len);
		if (!last) {
			if (!child)
				child = make_node(dir, comp, len, S_IFDIR | 0755);
			if (!child) {
				kprintf("initrd: %s: out of memory, skipped\n", e->path);
				return;
			}
			if (!inode_is_dir(child)) {
				kprintf("initrd: %s: a parent is not a directory, skipped\n", e->path);
				return;
			}
			dir = child;
			continue;
		}
		if (child && inode_is_dir(child) != want_dir) {
			kprintf("initrd: %s: clashes with an earlier entry, skipped\n", e->path);
			return;
		}
		if (!child)
			child = make_node(dir, comp, len, e->mode);
		if (!child) {
			kprintf("initrd: %s: out of memory, skipped\n", e->path);
			return;
		}
		if (want_dir)
			child->mode = e->mode;
		else
			set_file(child, e);
		return;
	}
}

/* A hard link: the target must be a regular file met earlier. */
static bool resolve_link(struct inode *root, const struct ustar_hdr *h, struct entry *e)
{
	char target[sizeof(h->linkname) + 1];
	size_t n = strnlen(h->linkname, sizeof(h->linkname));
	memcpy(target, h->linkname, n);
	target[n] = '\0';
	struct inode *cur = root;
	for (char *p = target; *p; ) {
		while (*p == '/')
			p++;
		char *comp = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - comp);
		if (len == 0 || (len == 1 && comp[0] == '.'))
			continue;
		if (!inode_is_dir(cur) || !(cur = dir_lookup(cur, comp, len)))
			return false;
	}
	if (!inode_is_reg(cur))
		return false;
	e->data = cur->u.initrd.data;
	e->size = cur->size;
	return true;
}

/* One header at off with room for it; returns the offset of the next one,
 * or 0 when the archive ends here. */
static size_t parse_entry(struct inode *root, size_t off)
{
	const struct ustar_hdr *h = (const void *)(initrd_base + off);
	uint64_t mode, size;
	if (!(is_posix_ustar(h) || is_gnu_tar(h)) || !checksum_ok(h) ||
	    !parse_octal(h->mode, sizeof(h->mode), &mode) ||
	    !parse_octal(h->size, sizeof(h->size), &size)) {
		kprintf("initrd: bad header at offset %zu, ignoring the rest of the archive\n", off);
		return 0;
	}
	size_t room = initrd_len - off - BLOCK;
	char path[HDR_PATH_MAX];
	header_path(h, path);
	if (size > room) {
		kprintf("initrd: %s: data past the end of the archive, ignoring the rest\n", path);
		return 0;
	}
	struct entry e = { .path = path, .mode = (uint32_t)mode & 07777,
			   .data = initrd_base + off + BLOCK, .size = (uint32_t)size };
	switch (h->typeflag) {
	case '0': case '\0': case '7':
		if (size > FS_FILE_MAX) {
			kprintf("initrd: %s: too large, skipped\n", path);
			break;
		}
		e.mode |= S_IFREG;
		add_entry(root, &e);
		break;
	case '5':
		e.mode |= S_IFDIR;
		add_entry(root, &e);
		break;
	case '1':
		e.mode |= S_IFREG;
		if (resolve_link(root, h, &e))
			add_entry(root, &e);
		else
			kprintf("initrd: %s: hard link to a missing file, skipped\n", path);
		break;
	default:
		kprintf("initrd: %s: unsupported entry type '%c', skipped\n", path,
			h->typeflag >= ' ' && h->typeflag < 127 ? h->typeflag : '?');
		break;
	}
	size_t pad = (size_t)((BLOCK - size % BLOCK) % BLOCK);
	if (pad > room - size)
		return 0;                       /* the last entry, unpadded */
	return off + BLOCK + (size_t)size + pad;
}

void initrd_build(struct inode *root)
{
	if (!initrd_base || initrd_len == 0) {
		kprintf("initrd: none; / is empty\n");
		return;
	}
	size_t off = 0;
	while (off < initrd_len) {
		if (initrd_len - off < BLOCK) {
			kprintf("initrd: %zu stray bytes at the end\n", initrd_len - off);
			return;
		}
		if (block_is_zero(initrd_base + off))
			return;                 /* the end-of-archive marker */
		off = parse_entry(root, off);
		if (!off)
			return;
	}
}

/* ---- file operations ---- */

static int initrd_read(struct inode *ino, void *buf, uint32_t off, size_t n)
{
	memcpy(buf, ino->u.initrd.data + off, n);
	return (int)n;
}

/* The page cache: filled on first use, a frame reference per cached page. */
static paddr_t initrd_get_page(struct inode *ino, uint32_t pgoff)
{
	uint32_t npages = size_to_pages(ino->size);
	paddr_t *cache = ino->u.initrd.cache;
	if (!cache) {
		cache = kzalloc(npages * sizeof(*cache));
		if (!cache)
			return 0;
		ino->u.initrd.cache = cache;
	}
	paddr_t pa = cache[pgoff];
	if (!pa) {
		pa = frame_alloc(FRAME_USER);
		if (!pa)
			return 0;
		uint32_t off = pgoff * PAGE_SIZE, len = MIN(PAGE_SIZE, ino->size - off);
		uint8_t *p = kmap(pa);
		memcpy(p, ino->u.initrd.data + off, len);
		memset(p + len, 0, PAGE_SIZE - len);
		kunmap(p);
		cache[pgoff] = pa;
	}
	frame_get(pa);
	return pa;
}

/* No one uses the inode any more: give the cached frames back. */
static void initrd_drop_cache(struct inode *ino)
{
	paddr_t *cache = ino->u.initrd.cache;
	if (!cache)
		return;
	for (uint32_t i = 0, n = size_to_pages(ino->size); i < n; i++)
		if (cache[i])
			frame_put(cache[i]);
	kfree(cache);
	ino->u.initrd.cache = NULL;
}

static uint32_t initrd_blocks(const struct inode *ino)
{
	return ino->size / BLOCK + (ino->size % BLOCK != 0);
}

static const struct inode_ops initrd_file_ops = {
	.read = initrd_read,
	.get_page = initrd_get_page,
	.idle = initrd_drop_cache,
	.destroy = initrd_drop_cache,
	.blocks = initrd_blocks,
};

const struct inode_ops initrd_dir_ops = { 0 };
