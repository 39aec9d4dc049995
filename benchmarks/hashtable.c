/*
 * Benchmark fixture: a dictionary built at initialization, like a program that loads a word list and counts a
 * text's words before serving requests. The init inserts 20,000 string keys into an open-addressing hash table
 * that starts small and grows by rehashing (so memory grows too), then counts 1,000,000 pseudo-random words
 * against it. The exports read the table after initialization, so a check can compare a snapshot with a fresh
 * instance whose init function ran.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

enum { KEYS = 20000, WORDS = 1000000, MAX_KEY = 32 };

typedef struct {
    char *key;   /* NULL: empty slot */
    uint32_t length;
    uint32_t hash;
    uint32_t count;
} Slot;

static Slot *slots;
static uint32_t capacity;
static uint32_t size;
static uint64_t random_state = 0x2545F4914F6CDD1DULL;

static uint64_t next_random(void) {
    /* SplitMix64: the same stream on every engine */
    uint64_t z = (random_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint32_t hash_bytes(const char *bytes, uint32_t length) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < length; i++) {
        h = (h ^ (uint8_t)bytes[i]) * 16777619u;
    }
    return h;
}

/* Key i is a syllable word derived from i followed by its number, e.g. "kobarute-1234". */
static uint32_t make_key(uint32_t i, char *out) {
    static const char *const syllables[16] = {"ka", "ko", "ba", "ru", "te", "mi", "sa", "no",
                                              "li", "po", "da", "ve", "zu", "he", "gi", "fo"};
    uint32_t n = 0;
    uint32_t bits = i * 2654435761u;
    for (int s = 0; s < 4; s++, bits >>= 4) {
        memcpy(out + n, syllables[bits & 15], 2);
        n += 2;
    }
    out[n++] = '-';
    char digits[10];
    int d = 0;
    do {
        digits[d++] = (char)('0' + i % 10);
        i /= 10;
    } while (i != 0);
    while (d > 0) {
        out[n++] = digits[--d];
    }
    return n;
}

static Slot *find_slot(const char *key, uint32_t length, uint32_t hash) {
    uint32_t mask = capacity - 1;
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        Slot *slot = &slots[i];
        if (slot->key == NULL
                || (slot->hash == hash && slot->length == length && memcmp(slot->key, key, length) == 0)) {
            return slot;
        }
    }
}

static void grow(void) {
    Slot *old = slots;
    uint32_t old_capacity = capacity;
    capacity = capacity == 0 ? 16 : capacity * 2;
    slots = calloc(capacity, sizeof(Slot));
    for (uint32_t i = 0; i < old_capacity; i++) {
        if (old[i].key != NULL) {
            *find_slot(old[i].key, old[i].length, old[i].hash) = old[i];
        }
    }
    free(old);
}

static void insert(const char *key, uint32_t length) {
    if ((size + 1) * 4 > capacity * 3) {
        grow();
    }
    uint32_t hash = hash_bytes(key, length);
    Slot *slot = find_slot(key, length, hash);
    if (slot->key == NULL) {
        slot->key = malloc(length);
        memcpy(slot->key, key, length);
        slot->length = length;
        slot->hash = hash;
        size++;
    }
}

static Slot *lookup(uint32_t key_number) {
    char key[MAX_KEY];
    uint32_t length = make_key(key_number, key);
    Slot *slot = find_slot(key, length, hash_bytes(key, length));
    return slot->key == NULL ? NULL : slot;
}

EXPORT("wizer-initialize") void initialize(void) {
    char key[MAX_KEY];
    for (uint32_t i = 0; i < KEYS; i++) {
        insert(key, make_key(i, key));
    }
    for (uint32_t w = 0; w < WORDS; w++) {
        lookup((uint32_t)(next_random() % KEYS))->count++;
    }
}

EXPORT("entries") uint32_t entries(void) {
    return size;
}

/* How often key i was counted, or -1 if it is not in the table. */
EXPORT("count_of") int32_t count_of(uint32_t i) {
    Slot *slot = lookup(i);
    return slot == NULL ? -1 : (int32_t)slot->count;
}

/* Folds every slot in table order: the table's layout, not only its contents. */
EXPORT("checksum") uint32_t checksum(void) {
    uint32_t sum = capacity;
    for (uint32_t i = 0; i < capacity; i++) {
        sum = (sum * 31) ^ (slots[i].key == NULL ? 0 : slots[i].hash + slots[i].count);
    }
    return sum;
}
