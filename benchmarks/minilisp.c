/*
 * Benchmark fixture: an interpreter's runtime set up at initialization, standing in for a JavaScript engine's
 * `initialize-runtime`. The init interns the built-in names, reads an embedded Lisp prelude (tokenizer and
 * reader), and evaluates it with a tree-walking evaluator: the prelude defines library functions and computes
 * a few tables, leaving a heap of cells, closures and interned symbols. The exports evaluate queries against
 * that heap after initialization, calling closures the prelude defined.
 * No garbage collector: cells come from blocks that are never freed, as a short-lived init can afford.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

typedef enum { NIL, INT, SYMBOL, PAIR, PRIMITIVE, CLOSURE } Type;

typedef struct Value Value;
typedef Value *(*Primitive)(Value *args);

struct Value {
    Type type;
    union {
        int32_t number;
        struct { Value *car, *cdr; } pair;
        struct { const char *name; Value *global; Value *next; } symbol;
        Primitive primitive;
        struct { Value *parameters, *body, *environment; } closure;
    };
};

enum { BLOCK = 4096, SYMBOL_BUCKETS = 256 };

static Value nil_value = {NIL, {0}};
static Value *const nil = &nil_value;
static Value *block;
static uint32_t block_used = BLOCK;
static uint32_t cells;
static Value *symbols[SYMBOL_BUCKETS];
static uint32_t symbol_count;
static Value *quote_symbol, *if_symbol, *define_symbol, *lambda_symbol, *let_symbol, *begin_symbol, *true_symbol;

static Value *allocate(Type type) {
    if (block_used == BLOCK) {
        block = malloc(BLOCK * sizeof(Value));
        block_used = 0;
    }
    Value *v = &block[block_used++];
    v->type = type;
    cells++;
    return v;
}

static Value *number(int32_t n) {
    Value *v = allocate(INT);
    v->number = n;
    return v;
}

static Value *cons(Value *car, Value *cdr) {
    Value *v = allocate(PAIR);
    v->pair.car = car;
    v->pair.cdr = cdr;
    return v;
}

static Value *car(Value *v) { return v->type == PAIR ? v->pair.car : nil; }
static Value *cdr(Value *v) { return v->type == PAIR ? v->pair.cdr : nil; }

static Value *intern(const char *name, uint32_t length) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < length; i++) {
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    }
    Value **bucket = &symbols[h % SYMBOL_BUCKETS];
    for (Value *s = *bucket; s != NULL; s = s->symbol.next) {
        if (strncmp(s->symbol.name, name, length) == 0 && s->symbol.name[length] == 0) {
            return s;
        }
    }
    char *copy = malloc(length + 1);
    memcpy(copy, name, length);
    copy[length] = 0;
    Value *s = allocate(SYMBOL);
    s->symbol.name = copy;
    s->symbol.global = NULL;
    s->symbol.next = *bucket;
    *bucket = s;
    symbol_count++;
    return s;
}

/* Reader: one datum from *text, advancing it. */
static Value *read_datum(const char **text);

static void skip_space(const char **text) {
    for (;;) {
        while (**text == ' ' || **text == '\n' || **text == '\t') {
            (*text)++;
        }
        if (**text != ';') {
            return;
        }
        while (**text != 0 && **text != '\n') {
            (*text)++;
        }
    }
}

static Value *read_list(const char **text) {
    skip_space(text);
    if (**text == ')') {
        (*text)++;
        return nil;
    }
    Value *head = read_datum(text);
    return cons(head, read_list(text));
}

static Value *read_datum(const char **text) {
    skip_space(text);
    const char *start = *text;
    if (*start == '(') {
        (*text)++;
        return read_list(text);
    }
    if (*start == '\'') {
        (*text)++;
        return cons(quote_symbol, cons(read_datum(text), nil));
    }
    while (**text != 0 && **text != ' ' && **text != '\n' && **text != '\t' && **text != '(' && **text != ')') {
        (*text)++;
    }
    const char *digits = *start == '-' && *text - start > 1 ? start + 1 : start;
    if (*digits >= '0' && *digits <= '9') {
        int32_t n = 0;
        for (const char *p = digits; p < *text; p++) {
            n = n * 10 + (*p - '0');
        }
        return number(digits == start ? n : -n);
    }
    return intern(start, (uint32_t)(*text - start));
}

/* Environments: a list of frames, each a list of (symbol . value) pairs; globals live in the symbols. */
static Value *lookup(Value *symbol, Value *environment) {
    for (Value *frame = environment; frame != nil; frame = cdr(frame)) {
        for (Value *binding = car(frame); binding != nil; binding = cdr(binding)) {
            if (car(car(binding)) == symbol) {
                return cdr(car(binding));
            }
        }
    }
    return symbol->symbol.global != NULL ? symbol->symbol.global : nil;
}

static Value *eval(Value *expression, Value *environment);

static Value *eval_list(Value *list, Value *environment) {
    if (list == nil) {
        return nil;
    }
    Value *head = eval(car(list), environment);
    return cons(head, eval_list(cdr(list), environment));
}

static Value *bind(Value *parameters, Value *arguments) {
    Value *frame = nil;
    for (; parameters != nil; parameters = cdr(parameters), arguments = cdr(arguments)) {
        frame = cons(cons(car(parameters), car(arguments)), frame);
    }
    return frame;
}

static Value *eval(Value *expression, Value *environment) {
    for (;;) {
        if (expression->type == SYMBOL) {
            return lookup(expression, environment);
        }
        if (expression->type != PAIR) {
            return expression;
        }
        Value *operator = car(expression), *operands = cdr(expression);
        if (operator == quote_symbol) {
            return car(operands);
        }
        if (operator == if_symbol) {
            int condition = eval(car(operands), environment) != nil;
            expression = condition ? car(cdr(operands)) : car(cdr(cdr(operands)));
            continue; /* tail position */
        }
        if (operator == define_symbol) {
            Value *target = car(operands);
            if (target->type == PAIR) { /* (define (name parameters...) body...) */
                Value *closure = allocate(CLOSURE);
                closure->closure.parameters = cdr(target);
                closure->closure.body = cdr(operands);
                closure->closure.environment = environment;
                car(target)->symbol.global = closure;
                return car(target);
            }
            target->symbol.global = eval(car(cdr(operands)), environment);
            return target;
        }
        if (operator == lambda_symbol) {
            Value *closure = allocate(CLOSURE);
            closure->closure.parameters = car(operands);
            closure->closure.body = cdr(operands);
            closure->closure.environment = environment;
            return closure;
        }
        if (operator == let_symbol) { /* (let ((name value)...) body...) */
            Value *frame = nil;
            for (Value *b = car(operands); b != nil; b = cdr(b)) {
                frame = cons(cons(car(car(b)), eval(car(cdr(car(b))), environment)), frame);
            }
            environment = cons(frame, environment);
            for (operands = cdr(operands); cdr(operands) != nil; operands = cdr(operands)) {
                eval(car(operands), environment);
            }
            expression = car(operands);
            continue;
        }
        if (operator == begin_symbol) {
            for (; cdr(operands) != nil; operands = cdr(operands)) {
                eval(car(operands), environment);
            }
            expression = car(operands);
            continue;
        }
        Value *function = eval(operator, environment);
        Value *arguments = eval_list(operands, environment);
        if (function->type == PRIMITIVE) {
            return function->primitive(arguments);
        }
        if (function->type != CLOSURE) {
            return nil; /* calling a non-function yields nil: the prelude never does */
        }
        environment = cons(bind(function->closure.parameters, arguments), function->closure.environment);
        Value *body = function->closure.body;
        for (; cdr(body) != nil; body = cdr(body)) {
            eval(car(body), environment);
        }
        expression = car(body);
    }
}

static int32_t first_number(Value *args) { return car(args)->number; }
static int32_t second_number(Value *args) { return car(cdr(args))->number; }
static Value *truth(int condition) { return condition ? true_symbol : nil; }

static Value *add(Value *args) { return number(first_number(args) + second_number(args)); }
static Value *subtract(Value *args) { return number(first_number(args) - second_number(args)); }
static Value *multiply(Value *args) { return number(first_number(args) * second_number(args)); }
static Value *quotient(Value *args) { return number(first_number(args) / second_number(args)); }
static Value *modulo(Value *args) { return number(first_number(args) % second_number(args)); }
static Value *less(Value *args) { return truth(first_number(args) < second_number(args)); }
static Value *equal(Value *args) {
    Value *a = car(args), *b = car(cdr(args));
    return truth(a == b || (a->type == INT && b->type == INT && a->number == b->number));
}
static Value *primitive_cons(Value *args) { return cons(car(args), car(cdr(args))); }
static Value *primitive_car(Value *args) { return car(car(args)); }
static Value *primitive_cdr(Value *args) { return cdr(car(args)); }
static Value *is_null(Value *args) { return truth(car(args) == nil); }
static Value *list(Value *args) { return args; }

static void define_primitive(const char *name, Primitive primitive) {
    Value *p = allocate(PRIMITIVE);
    p->primitive = primitive;
    intern(name, (uint32_t)strlen(name))->symbol.global = p;
}

static const char prelude[] =
    "; list functions loop in tail position (the evaluator's loop), so that long lists need no deep stack\n"
    "(define (not x) (if x '() 't))\n"
    "(define (> a b) (< b a))\n"
    "(define (<= a b) (not (< b a)))\n"
    "(define (fold f acc l) (if (null? l) acc (fold f (f acc (car l)) (cdr l))))\n"
    "(define (reverse l) (fold (lambda (acc x) (cons x acc)) '() l))\n"
    "(define (length l) (fold (lambda (n x) (+ n 1)) 0 l))\n"
    "(define (nth n l) (if (= n 0) (car l) (nth (- n 1) (cdr l))))\n"
    "(define (range-onto a b acc) (if (< a b) (range-onto a (- b 1) (cons (- b 1) acc)) acc))\n"
    "(define (range a b) (range-onto a b '()))\n"
    "(define (map f l) (reverse (fold (lambda (acc x) (cons (f x) acc)) '() l)))\n"
    "(define (filter p l) (reverse (fold (lambda (acc x) (if (p x) (cons x acc) acc)) '() l)))\n"
    "; merge sort\n"
    "(define (merge-onto a b acc) (if (null? a) (fold (lambda (r x) (cons x r)) b acc)\n"
    "  (if (null? b) (fold (lambda (r x) (cons x r)) a acc)\n"
    "    (if (<= (car a) (car b)) (merge-onto (cdr a) b (cons (car a) acc))\n"
    "      (merge-onto a (cdr b) (cons (car b) acc))))))\n"
    "(define (merge a b) (merge-onto a b '()))\n"
    "(define (take-onto n l acc) (if (= n 0) (reverse acc) (take-onto (- n 1) (cdr l) (cons (car l) acc))))\n"
    "(define (take n l) (take-onto n l '()))\n"
    "(define (drop n l) (if (= n 0) l (drop (- n 1) (cdr l))))\n"
    "(define (sort l) (let ((n (length l)))\n"
    "  (if (< n 2) l (let ((half (quotient n 2))) (merge (sort (take half l)) (sort (drop half l)))))))\n"
    "; primes by trial division: the small ones by every smaller number, the rest by the small ones\n"
    "(define (divisible? n ds) (if (null? ds) '() (let ((d (car ds)))\n"
    "  (if (< n (* d d)) '() (if (= (modulo n d) 0) 't (divisible? n (cdr ds)))))))\n"
    "(define small-primes (filter (lambda (k) (not (divisible? k (range 2 k)))) (range 2 60)))\n"
    "(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))\n"
    "; association lists as a symbol table\n"
    "(define (assoc key alist)\n"
    "  (if (null? alist) '() (if (= key (car (car alist))) (car alist) (assoc key (cdr alist)))))\n"
    "(define (counts l) (fold (lambda (table x) (let ((entry (assoc x table)))\n"
    "  (if entry (map (lambda (e) (if (= (car e) x) (cons x (+ 1 (cdr e))) e)) table) (cons (cons x 1) table))))\n"
    "  '() l))\n"
    "; the tables the runtime starts with\n"
    "(define primes (filter (lambda (k) (not (divisible? k small-primes))) (range 2 1000)))\n"
    "(define fibs (map fib (range 0 14)))\n"
    "(define scrambled (map (lambda (i) (modulo (* i 7919) 1009)) (range 0 400)))\n"
    "(define sorted (sort scrambled))\n"
    "(define residues (counts (map (lambda (p) (modulo p 10)) primes)))\n";

/* The queries the exports answer, one datum each, evaluated against the initialized heap. */
static const char queries[] =
    "(length primes) (nth 100 primes) (fold + 0 primes) (nth 13 fibs) (fib 15) (nth 0 sorted) (nth 399 sorted)"
    " (fold (lambda (acc x) (+ (* acc 31) x)) 0 sorted) (cdr (assoc 7 residues)) (length (filter (lambda (x) (< x 10))"
    " scrambled))";

static int initialized;

EXPORT("wizer-initialize") void initialize(void) {
    quote_symbol = intern("quote", 5);
    if_symbol = intern("if", 2);
    define_symbol = intern("define", 6);
    lambda_symbol = intern("lambda", 6);
    let_symbol = intern("let", 3);
    begin_symbol = intern("begin", 5);
    true_symbol = intern("t", 1);
    true_symbol->symbol.global = true_symbol;
    define_primitive("+", add);
    define_primitive("-", subtract);
    define_primitive("*", multiply);
    define_primitive("quotient", quotient);
    define_primitive("modulo", modulo);
    define_primitive("<", less);
    define_primitive("=", equal);
    define_primitive("cons", primitive_cons);
    define_primitive("car", primitive_car);
    define_primitive("cdr", primitive_cdr);
    define_primitive("null?", is_null);
    define_primitive("list", list);
    const char *text = prelude;
    for (skip_space(&text); *text != 0; skip_space(&text)) {
        eval(read_datum(&text), nil);
    }
    initialized = 1;
}

EXPORT("symbol_count") uint32_t exported_symbol_count(void) { return symbol_count; }
EXPORT("cell_count") uint32_t cell_count(void) { return cells; }

/* The value of query i (0-based), or -1 before initialization or when it is not a number. */
EXPORT("query") int32_t query(uint32_t i) {
    if (!initialized) {
        return -1;
    }
    const char *text = queries;
    Value *expression = read_datum(&text);
    for (uint32_t k = 0; k < i; k++) {
        expression = read_datum(&text);
    }
    Value *result = eval(expression, nil);
    return result->type == INT ? result->number : -1;
}
