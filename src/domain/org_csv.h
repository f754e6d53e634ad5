/* org_csv.h — CSV for organisations: an RFC 4180 reader (quotes, doubled quotes, CRLF or
 * LF, UTF-8 BOM, line breaks inside quotes; bounded), the import of a file with a report
 * per row, and the export of a filtered list in the same format (export -> import
 * round-trips). The column set is documented in docs/organisations.md. */
#ifndef KOPIR_DOMAIN_ORG_CSV_H
#define KOPIR_DOMAIN_ORG_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/org.h"
#include "util/arena.h"
#include "util/buf.h"

#define ORG_CSV_MAX_ROWS 10000          /* data rows, header excluded */
#define ORG_CSV_MAX_FIELD (64 * 1024)   /* bytes per field */
#define ORG_CSV_MAX_FIELDS 64           /* fields per record */
#define ORG_CSV_MAX_BYTES (32 * 1024 * 1024)
#define ORG_CSV_MAX_ISSUES 500          /* reported row problems; the rest are counted */

/* The columns, in export order; import accepts them in any order (header names are
 * case-insensitive), requires kind, country and one name_* column. */
extern const char *const org_csv_columns[];

/* ---- the reader ---- */

typedef struct org_csv_reader {
    const char *p, *end;   /* unread input */
    int line;              /* current physical line (1-based) */
    int records;           /* records returned so far */
    int max_records;       /* 0 = no limit */
    const char *error;     /* set after the first error, returned again by later calls */
    char delim;            /* field separator: ',' (set by org_csv_open) or ';' */
} org_csv_reader;

/* Starts reading data[0..len) (skips a UTF-8 byte order mark) with ',' as separator.
 * max_records bounds the records returned (header included), 0 for none. */
void org_csv_open(org_csv_reader *r, const char *data, size_t len, int max_records);
/* The separator of a file, judged by its first line (data after any BOM): ';' when that
 * line has a semicolon and no comma outside quotes — what spreadsheets with a Russian or
 * Kazakh locale write as "CSV" — else ','. Import sets reader.delim from it. */
char org_csv_sniff(const char *data, size_t len);

typedef enum { ORG_CSV_RECORD = 1, ORG_CSV_END = 0, ORG_CSV_ERROR = -1 } org_csv_status;

/* Reads the next record: fields (arena strings, quotes removed) into *fields, count into
 * *n, the physical line it starts on into *line. Blank lines are skipped. A quote inside
 * an unquoted field is kept as text. Errors (translated message in *err, naming the line):
 * a quoted field never closed, a character after a closing quote, a field over
 * ORG_CSV_MAX_FIELD bytes, more than ORG_CSV_MAX_FIELDS fields, invalid UTF-8 or control
 * characters, more than max_records records. After an error, further calls return it again. */
org_csv_status org_csv_next(org_csv_reader *r, arena *a, char ***fields, int *n, int *line,
                            const char **err);

/* ---- import ---- */

typedef struct org_csv_issue {
    int line;              /* physical line where the row starts */
    const char *field;     /* column name, or "" for the whole row */
    const char *message;   /* translated */
} org_csv_issue;

typedef struct org_csv_report {
    int rows;              /* data rows read */
    int imported;          /* organisations created (0 when nothing was committed) */
    int rejected;          /* rows with at least one problem */
    int nissues;           /* issues listed (at most ORG_CSV_MAX_ISSUES) */
    org_csv_issue *issues; /* arena */
    const char *fatal;     /* a problem with the whole file (structure, header): nothing imported */
} org_csv_report;

/* Imports organisations from CSV data in one transaction. The separator is ',' or ';'
 * (org_csv_sniff); the header must name kind, country and a name_* column (a missing
 * one is named in fatal). Every row is validated like a
 * form (org_create) and identifiers are also checked against earlier rows of the file;
 * parent_identifier must name an organisation in the database or an earlier row.
 * Default (skip_invalid false): any rejected row means nothing is imported.
 * skip_invalid: the valid rows are imported and the others reported. Audit action
 * "import", by user_id. Returns true when the transaction committed (with or without
 * rows), false when nothing was imported (fatal, rejected rows without skip_invalid, or
 * a database failure, reported in fatal). */
bool org_csv_import(db *d, arena *a, int64_t user_id, const char *data, size_t len,
                    bool skip_invalid, org_csv_report *rep);

/* ---- export ---- */

/* Appends one field, quoted when it contains a comma, quote, CR, LF or outer spaces;
 * a field starting with = + - @ (also after leading apostrophes) gets one more leading
 * apostrophe so spreadsheets do not run it as a formula (import removes one again). */
void org_csv_field(buf *out, const char *s);

/* Writes a UTF-8 BOM, the header and every organisation matching f (all pages, at most
 * ORG_CSV_MAX_ROWS; page/per_page of f are ignored) to out, CRLF line ends. false on a
 * database error. */
bool org_csv_export(db *d, arena *a, const org_filter *f, buf *out);

#endif
