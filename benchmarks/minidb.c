/*
 * Benchmark fixture: an embedded database filled at initialization, standing in for SQLite with a 50,000-row
 * table and an index created at init. A table B+tree keyed by rowid holds encoded records in 4 KiB slotted pages;
 * a second B+tree indexes the rows by name (key: name, then rowid). The init inserts 50,000 rows, updating both
 * trees, then runs an integrity check that walks the index and looks up every row it names, and walks the table and
 * looks up every row's index entry, as `PRAGMA integrity_check` would. The exports query the database after
 * initialization.
 *
 * Keys are byte strings compared with memcmp (rowids big-endian), so one B+tree serves both the table and the
 * index. There are no deletes, so pages never fragment; a full page is split in two by bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

enum { ROWS = 50000, PAGE_SIZE = 4096, HEADER = 8, MAX_KEY = 64, MAX_CELL = 256 };

/*
 * Page layout: header {u8 leaf, u8 unused, u16 cell count, u16 content start, u16 unused}, then the cells' u16
 * offsets in key order, growing up; cell contents grow down from the end. An interior page's last header word is
 * not enough for a child number, so its rightmost child lives in `right_children`.
 * Leaf cell: u8 key length, key, u16 payload length, payload. Interior cell: u32 child, u8 key length, key; the
 * child holds the keys below the cell's key.
 */
typedef struct {
    uint8_t **pages;
    uint32_t *right_children;
    uint32_t page_count;
    uint32_t page_capacity;
} Pager;

typedef struct {
    uint32_t root;
    uint32_t depth;
} Tree;

static Pager pager;
static Tree table;
static Tree name_index;
static uint32_t row_count;
static uint32_t integrity_errors;
static uint64_t random_state = 0x9E6C63D0676A9A99ULL;

static uint64_t next_random(void) {
    uint64_t z = (random_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static uint32_t get32(const uint8_t *p) { return get16(p) | (uint32_t)get16(p + 2) << 16; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }

static uint32_t new_page(int leaf) {
    if (pager.page_count == pager.page_capacity) {
        pager.page_capacity = pager.page_capacity == 0 ? 64 : pager.page_capacity * 2;
        pager.pages = realloc(pager.pages, pager.page_capacity * sizeof(uint8_t *));
        pager.right_children = realloc(pager.right_children, pager.page_capacity * sizeof(uint32_t));
    }
    uint8_t *page = calloc(1, PAGE_SIZE);
    page[0] = (uint8_t)leaf;
    put16(page + 4, PAGE_SIZE);
    pager.pages[pager.page_count] = page;
    pager.right_children[pager.page_count] = 0;
    return pager.page_count++;
}

static uint32_t cell_count(const uint8_t *page) { return get16(page + 2); }
static uint8_t *cell(uint8_t *page, uint32_t i) { return page + get16(page + HEADER + 2 * i); }

/* A cell's key: leaf cells start with it, interior cells after their child number. */
static const uint8_t *cell_key(uint8_t *page, uint32_t i, uint32_t *length) {
    uint8_t *c = cell(page, i) + (page[0] ? 0 : 4);
    *length = c[0];
    return c + 1;
}

static uint32_t cell_size(uint8_t *page, uint32_t i) {
    uint8_t *c = cell(page, i);
    return page[0] ? 1u + c[0] + 2 + get16(c + 1 + c[0]) : 4u + 1 + c[4];
}

static int compare(const uint8_t *a, uint32_t a_length, const uint8_t *b, uint32_t b_length) {
    int order = memcmp(a, b, a_length < b_length ? a_length : b_length);
    return order != 0 ? order : (int)a_length - (int)b_length;
}

/* The first cell whose key is >= the key (cell_count if none). */
static uint32_t lower_bound(uint8_t *page, const uint8_t *key, uint32_t length) {
    uint32_t low = 0, high = cell_count(page);
    while (low < high) {
        uint32_t middle = (low + high) / 2, middle_length;
        const uint8_t *middle_key = cell_key(page, middle, &middle_length);
        if (compare(middle_key, middle_length, key, length) < 0) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low;
}

/* Interior pages: the child to descend into for the key. */
static uint32_t child_for(uint32_t page_number, const uint8_t *key, uint32_t length) {
    uint8_t *page = pager.pages[page_number];
    uint32_t i = lower_bound(page, key, length), cell_length;
    if (i < cell_count(page)) {
        const uint8_t *k = cell_key(page, i, &cell_length);
        if (compare(k, cell_length, key, length) == 0) {
            i++; /* separators are the first key of their right sibling */
        }
    }
    return i < cell_count(page) ? get32(cell(page, i)) : pager.right_children[page_number];
}

static int fits(uint8_t *page, uint32_t size) {
    return HEADER + 2 * (cell_count(page) + 1) + size <= get16(page + 4);
}

static void put_cell(uint8_t *page, uint32_t position, const uint8_t *bytes, uint32_t size) {
    uint32_t count = cell_count(page);
    uint32_t start = get16(page + 4) - size;
    memcpy(page + start, bytes, size);
    uint8_t *offsets = page + HEADER;
    memmove(offsets + 2 * (position + 1), offsets + 2 * position, 2 * (count - position));
    put16(offsets + 2 * position, start);
    put16(page + 2, count + 1);
    put16(page + 4, start);
}

/* A page's cells plus one new cell at its position, copied out so that the page can be rebuilt. */
typedef struct {
    uint8_t bytes[2 * PAGE_SIZE];
    uint16_t offsets[PAGE_SIZE / 4];
    uint16_t sizes[PAGE_SIZE / 4];
    uint32_t count;
    uint32_t total;
} Cells;

static Cells scratch;

static void gather(uint8_t *page, uint32_t position, const uint8_t *new_cell, uint32_t new_size) {
    uint32_t used = 0, n = 0;
    for (uint32_t i = 0; i <= cell_count(page); i++) {
        const uint8_t *from = i == position ? new_cell : cell(page, i < position ? i : i - 1);
        uint32_t size = i == position ? new_size : cell_size(page, i < position ? i : i - 1);
        memcpy(scratch.bytes + used, from, size);
        scratch.offsets[n] = (uint16_t)used;
        scratch.sizes[n++] = (uint16_t)size;
        used += size;
    }
    scratch.count = n;
    scratch.total = used;
}

static void rebuild(uint8_t *page, uint32_t from, uint32_t to) {
    put16(page + 2, 0);
    put16(page + 4, PAGE_SIZE);
    for (uint32_t i = from; i < to; i++) {
        put_cell(page, i - from, scratch.bytes + scratch.offsets[i], scratch.sizes[i]);
    }
}

/* What a split hands to the parent: a separator key and the new right sibling. */
typedef struct {
    int happened;
    uint32_t right;
    uint8_t key[MAX_KEY];
    uint32_t key_length;
} Split;

static Split insert_into(uint32_t page_number, const uint8_t *key, uint32_t key_length, const uint8_t *new_cell,
        uint32_t new_size) {
    Split split = {0};
    uint8_t *page = pager.pages[page_number];
    uint8_t interior_cell[4 + 1 + MAX_KEY];
    if (!page[0]) {
        Split below = insert_into(child_for(page_number, key, key_length), key, key_length, new_cell, new_size);
        if (!below.happened) {
            return split;
        }
        /* The old child keeps the keys below the separator; the new right sibling takes its place. */
        uint32_t i = lower_bound(page, below.key, below.key_length);
        uint32_t old_child = i < cell_count(page) ? get32(cell(page, i)) : pager.right_children[page_number];
        if (i < cell_count(page)) {
            put32(cell(page, i), below.right);
        } else {
            pager.right_children[page_number] = below.right;
        }
        put32(interior_cell, old_child);
        interior_cell[4] = (uint8_t)below.key_length;
        memcpy(interior_cell + 5, below.key, below.key_length);
        new_cell = interior_cell;
        new_size = 5 + below.key_length;
        key = below.key;
        key_length = below.key_length;
    }
    uint32_t position = lower_bound(page, key, key_length);
    if (fits(page, new_size)) {
        put_cell(page, position, new_cell, new_size);
        return split;
    }
    gather(page, position, new_cell, new_size);
    uint32_t half = 0, middle = 0;
    while (middle < scratch.count - 1 && half + scratch.sizes[middle] < scratch.total / 2) {
        half += scratch.sizes[middle++];
    }
    if (middle == 0) {
        middle = 1;
    }
    int leaf = page[0];
    split.happened = 1;
    split.right = new_page(leaf);
    page = pager.pages[page_number]; /* new_page may have moved the page table, not the pages */
    uint8_t *right = pager.pages[split.right];
    const uint8_t *middle_cell = scratch.bytes + scratch.offsets[middle];
    const uint8_t *separator = middle_cell + (leaf ? 1 : 5);
    split.key_length = separator[-1];
    memcpy(split.key, separator, split.key_length);
    if (leaf) {
        rebuild(page, 0, middle);
        rebuild(right, middle, scratch.count);
    } else {
        /* The middle cell moves up: its child becomes the left page's rightmost one. */
        pager.right_children[split.right] = pager.right_children[page_number];
        pager.right_children[page_number] = get32(middle_cell);
        rebuild(page, 0, middle);
        rebuild(right, middle + 1, scratch.count);
    }
    return split;
}

static void tree_insert(Tree *tree, const uint8_t *key, uint32_t key_length, const uint8_t *payload,
        uint32_t payload_length) {
    uint8_t leaf_cell[MAX_CELL];
    leaf_cell[0] = (uint8_t)key_length;
    memcpy(leaf_cell + 1, key, key_length);
    put16(leaf_cell + 1 + key_length, payload_length);
    memcpy(leaf_cell + 3 + key_length, payload, payload_length);
    Split split = insert_into(tree->root, key, key_length, leaf_cell, 3 + key_length + payload_length);
    if (split.happened) {
        uint32_t root = new_page(0);
        uint8_t interior_cell[4 + 1 + MAX_KEY];
        put32(interior_cell, tree->root);
        interior_cell[4] = (uint8_t)split.key_length;
        memcpy(interior_cell + 5, split.key, split.key_length);
        put_cell(pager.pages[root], 0, interior_cell, 5 + split.key_length);
        pager.right_children[root] = split.right;
        tree->root = root;
        tree->depth++;
    }
}

/* A position in a tree: the leaf page and cell, for range scans along the leaves in key order. */
typedef struct {
    uint32_t path[16];
    uint32_t depth;
    uint32_t page;
    uint32_t index;
} Cursor;

static uint32_t leftmost_leaf(Cursor *cursor, uint32_t page_number) {
    while (!pager.pages[page_number][0]) {
        cursor->path[cursor->depth++] = page_number;
        page_number = get32(cell(pager.pages[page_number], 0));
    }
    return page_number;
}

static void seek(Cursor *cursor, const Tree *tree, const uint8_t *key, uint32_t key_length) {
    uint32_t page_number = tree->root;
    cursor->depth = 0;
    while (!pager.pages[page_number][0]) {
        cursor->path[cursor->depth++] = page_number;
        page_number = child_for(page_number, key, key_length);
    }
    cursor->page = page_number;
    cursor->index = lower_bound(pager.pages[page_number], key, key_length);
}

/* Moves to the next leaf when the cursor is past its leaf's last cell; 0 at the end of the tree. */
static int settle(Cursor *cursor) {
    while (cursor->index >= cell_count(pager.pages[cursor->page])) {
        /* climb to the first ancestor with a child to the right of the one we came from */
        uint32_t child = cursor->page, next = 0;
        int found = 0;
        while (cursor->depth > 0 && !found) {
            uint32_t parent = cursor->path[--cursor->depth];
            uint8_t *page = pager.pages[parent];
            uint32_t count = cell_count(page);
            for (uint32_t i = 0; i < count; i++) {
                if (get32(cell(page, i)) == child) {
                    next = i + 1 < count ? get32(cell(page, i + 1)) : pager.right_children[parent];
                    found = 1;
                    break;
                }
            }
            if (found) {
                cursor->depth++;
            } else {
                child = parent;
            }
        }
        if (!found) {
            return 0;
        }
        cursor->page = leftmost_leaf(cursor, next);
        cursor->index = 0;
    }
    return 1;
}

static void big_endian_rowid(uint32_t rowid, uint8_t *out) {
    for (int i = 0; i < 8; i++) {
        out[i] = i < 4 ? 0 : (uint8_t)(rowid >> (8 * (7 - i)));
    }
}

/* Record: name length, name, city length, city, score (u32), age (u8), email length, email. */
static uint32_t encode_row(uint32_t rowid, uint8_t *out, uint8_t *name, uint32_t *name_length) {
    static const char *const letters = "etaoinshrdlucmfwypvbgkqjxz";
    static const char *const cities[8] = {"Lisbon", "Oslo", "Quito", "Hanoi", "Lagos", "Perth", "Lima", "Turin"};
    uint32_t n = 5 + (uint32_t)(next_random() % 8);
    for (uint32_t i = 0; i < n; i++) {
        /* a skewed alphabet, so that names share prefixes as real ones do */
        uint32_t r = (uint32_t)(next_random() % 676);
        name[i] = (uint8_t)letters[(r * r) / 17576];
    }
    *name_length = n;
    const char *city = cities[rowid % 8];
    uint32_t city_length = (uint32_t)strlen(city);
    uint32_t size = 0;
    out[size++] = (uint8_t)n;
    memcpy(out + size, name, n);
    size += n;
    out[size++] = (uint8_t)city_length;
    memcpy(out + size, city, city_length);
    size += city_length;
    put32(out + size, (uint32_t)(next_random() % 1000000));
    size += 4;
    out[size++] = (uint8_t)(18 + next_random() % 70);
    /* email: name, a number, "@", the city in lower case, ".example" */
    uint8_t *email = out + size++;
    uint32_t email_length = n;
    memcpy(out + size, name, n);
    for (uint32_t number = rowid % 1000; number > 0; number /= 10) {
        out[size + email_length++] = (uint8_t)('0' + number % 10);
    }
    out[size + email_length++] = '@';
    for (uint32_t i = 0; i < city_length; i++) {
        out[size + email_length++] = (uint8_t)(city[i] | 0x20);
    }
    memcpy(out + size + email_length, ".example", 8);
    email_length += 8;
    *email = (uint8_t)email_length;
    return size + email_length;
}

static uint32_t index_key(const uint8_t *name, uint32_t name_length, uint32_t rowid, uint8_t *out) {
    memcpy(out, name, name_length);
    out[name_length] = 0; /* names hold no zero byte: a shorter name sorts first */
    big_endian_rowid(rowid, out + name_length + 1);
    return name_length + 9;
}

/* The record of a row, or NULL. */
static const uint8_t *find_row(uint32_t rowid) {
    uint8_t key[8];
    big_endian_rowid(rowid, key);
    Cursor cursor;
    seek(&cursor, &table, key, 8);
    uint8_t *page = pager.pages[cursor.page];
    uint32_t length;
    if (cursor.index >= cell_count(page)) {
        return NULL;
    }
    const uint8_t *found = cell_key(page, cursor.index, &length);
    return compare(found, length, key, 8) == 0 ? found + length + 2 : NULL;
}

static uint32_t row_score(const uint8_t *record) {
    const uint8_t *city = record + 1 + record[0];
    return get32(city + 1 + city[0]);
}

/* Table and index keys end with the rowid, big-endian. */
static uint32_t rowid_of_key(const uint8_t *key, uint32_t length) {
    return (uint32_t)key[length - 4] << 24 | (uint32_t)key[length - 3] << 16 | (uint32_t)key[length - 2] << 8
        | key[length - 1];
}

/* Walks the index in order; every entry must sort after the previous one and name a row with that name. */
static void index_check(void) {
    Cursor cursor;
    cursor.depth = 0;
    cursor.page = leftmost_leaf(&cursor, name_index.root);
    cursor.index = 0;
    uint8_t previous[MAX_KEY];
    uint32_t previous_length = 0, entries = 0;
    for (; settle(&cursor); cursor.index++) {
        uint32_t length;
        const uint8_t *key = cell_key(pager.pages[cursor.page], cursor.index, &length);
        if (entries > 0 && compare(previous, previous_length, key, length) >= 0) {
            integrity_errors++;
        }
        memcpy(previous, key, length);
        previous_length = length;
        const uint8_t *record = find_row(rowid_of_key(key, length));
        if (record == NULL || record[0] != length - 9 || memcmp(record + 1, key, record[0]) != 0) {
            integrity_errors++;
        }
        entries++;
    }
    if (entries != row_count) {
        integrity_errors++;
    }
}

/* Walks the table in rowid order; every row must have its index entry. */
static void table_check(void) {
    Cursor cursor;
    cursor.depth = 0;
    cursor.page = leftmost_leaf(&cursor, table.root);
    cursor.index = 0;
    uint32_t expected_rowid = 1;
    for (; settle(&cursor); cursor.index++, expected_rowid++) {
        uint32_t length, key_length;
        const uint8_t *key = cell_key(pager.pages[cursor.page], cursor.index, &length);
        uint32_t rowid = rowid_of_key(key, length);
        const uint8_t *record = key + length + 2;
        uint8_t wanted[MAX_KEY];
        key_length = index_key(record + 1, record[0], rowid, wanted);
        Cursor entry;
        seek(&entry, &name_index, wanted, key_length);
        const uint8_t *found = settle(&entry) ? cell_key(pager.pages[entry.page], entry.index, &length) : NULL;
        if (rowid != expected_rowid || found == NULL || compare(found, length, wanted, key_length) != 0) {
            integrity_errors++;
        }
    }
    if (expected_rowid != row_count + 1) {
        integrity_errors++;
    }
}

EXPORT("wizer-initialize") void initialize(void) {
    table.root = new_page(1);
    table.depth = 1;
    name_index.root = new_page(1);
    name_index.depth = 1;
    uint8_t record[MAX_CELL], name[MAX_KEY], key[MAX_KEY];
    for (uint32_t rowid = 1; rowid <= ROWS; rowid++) {
        uint32_t name_length;
        uint32_t record_length = encode_row(rowid, record, name, &name_length);
        big_endian_rowid(rowid, key);
        tree_insert(&table, key, 8, record, record_length);
        tree_insert(&name_index, key, index_key(name, name_length, rowid, key), NULL, 0);
        row_count++;
    }
    index_check();
    table_check();
}

EXPORT("row_count") uint32_t exported_row_count(void) { return row_count; }
EXPORT("integrity_errors") uint32_t exported_integrity_errors(void) { return integrity_errors; }
EXPORT("page_count") uint32_t exported_page_count(void) { return pager.page_count; }
EXPORT("depths") uint32_t depths(void) { return table.depth * 10 + name_index.depth; }

/* SELECT score FROM t WHERE rowid = ?; -1 if there is no such row. */
EXPORT("score_of") int32_t score_of(uint32_t rowid) {
    const uint8_t *record = find_row(rowid);
    return record == NULL ? -1 : (int32_t)row_score(record);
}

/* SELECT count(*) FROM t WHERE name >= 'first' AND name < 'first'+1, through the index: names by first letter. */
EXPORT("count_names_from") uint32_t count_names_from(uint32_t first) {
    uint8_t low = (uint8_t)first;
    Cursor cursor;
    seek(&cursor, &name_index, &low, 1);
    uint32_t count = 0;
    for (; settle(&cursor); cursor.index++) {
        uint32_t length;
        const uint8_t *key = cell_key(pager.pages[cursor.page], cursor.index, &length);
        if (key[0] != low) {
            break;
        }
        count++;
    }
    return count;
}

/* The rowid of the k-th row in name order (0-based), or 0. */
EXPORT("rowid_by_name_rank") uint32_t rowid_by_name_rank(uint32_t rank) {
    Cursor cursor;
    cursor.depth = 0;
    cursor.page = leftmost_leaf(&cursor, name_index.root);
    cursor.index = 0;
    for (uint32_t seen = 0; settle(&cursor); cursor.index++, seen++) {
        if (seen == rank) {
            uint32_t length;
            const uint8_t *key = cell_key(pager.pages[cursor.page], cursor.index, &length);
            return rowid_of_key(key, length);
        }
    }
    return 0;
}
