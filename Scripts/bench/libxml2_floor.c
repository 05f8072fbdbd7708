// The floor under any libxml2-based reader. Batch mode (what the county target is measured against): for each
// .xlsx of a folder, read the file, its zip central directory, inflate xl/worksheets/*.xml and xl/sharedStrings.xml
// with zlib and feed each to a libxml2 SAX2 push parser whose callbacks do nothing. Timing mode: SAX2 over one
// sheet part and one styles part, and zlib inflating the sheet.
// Build: gcc -O2 libxml2_floor.c $(xml2-config --cflags --libs) -lz -o floor
// Usage: ./floor --batch FOLDER        (count it: valgrind --tool=callgrind ./floor --batch FOLDER)
//        ./floor sheet1.xml styles.xml
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
static int count;
static void start(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns, int na, int nd, const xmlChar **a) { count++; }
static void end(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void chars(void *ctx, const xmlChar *c, int n) {}
static char *slurp(const char *path, long *n) {
  FILE *f = fopen(path, "rb"); if (!f) return NULL;
  fseek(f, 0, SEEK_END); *n = ftell(f); rewind(f);
  char *b = malloc(*n > 0 ? *n : 1);
  if (fread(b, 1, *n, f) != (size_t)*n) { free(b); b = NULL; }
  fclose(f); return b;
}
static xmlSAXHandler handler(void) {
  xmlSAXHandler h; memset(&h, 0, sizeof h);
  h.initialized = XML_SAX2_MAGIC; h.startElementNs = start; h.endElementNs = end; h.characters = chars;
  return h;
}
static void parse(xmlSAXHandler *h, const char *bytes, long n) {
  xmlParserCtxtPtr c = xmlCreatePushParserCtxt(h, NULL, NULL, 0, NULL);
  xmlCtxtUseOptions(c, XML_PARSE_NONET);
  xmlParseChunk(c, bytes, (int)n, 1);
  xmlFreeParserCtxt(c);
}
static unsigned u16(const unsigned char *p) { return p[0] | p[1] << 8; }
static uint32_t u32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static const char *extension = "xlsx";
static void htmlStart(void *ctx, const xmlChar *name, const xmlChar **attributes) { count++; }
static void htmlEnd(void *ctx, const xmlChar *name) {}
static int wanted(const char *name, unsigned length) {
  static const char sheets[] = "xl/worksheets/", shared[] = "xl/sharedStrings.xml";
  if (strcmp(extension, "docx") == 0) return length == 17 && memcmp(name, "word/document.xml", 17) == 0;
  if (strcmp(extension, "xlsx") != 0) return length == 11 && memcmp(name, "content.xml", 11) == 0;
  if (length == sizeof shared - 1 && memcmp(name, shared, length) == 0) return 1;
  return length > sizeof sheets - 1 + 4 && memcmp(name, sheets, sizeof sheets - 1) == 0
      && memchr(name + sizeof sheets - 1, '/', length - (sizeof sheets - 1)) == NULL && memcmp(name + length - 4, ".xml", 4) == 0;
}
// One workbook: parts parsed, or -1 when the file is not a zip (a broken copy costs only its reading).
static int workbook(xmlSAXHandler *h, const char *path, long *bytes) {
  long n; unsigned char *zip = (unsigned char *)slurp(path, &n);
  if (!zip) return -1;
  if (strcmp(extension, "html") == 0) {
    xmlSAXHandler html; memset(&html, 0, sizeof html);
    html.startElement = htmlStart; html.endElement = htmlEnd; html.characters = chars;
    htmlParserCtxtPtr c = htmlCreatePushParserCtxt(&html, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_NONE);
    htmlCtxtUseOptions(c, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    htmlParseChunk(c, (const char *)zip, (int)n, 1);
    htmlFreeParserCtxt(c);
    *bytes += n;
    free(zip);
    return 1;
  }
  long eocd = -1;
  for (long at = n - 22; at >= 0 && at >= n - 22 - 65535; at--) if (u32(zip + at) == 0x06054b50) { eocd = at; break; }
  int parts = -1;
  if (eocd >= 0) {
    parts = 0;
    unsigned entries = u16(zip + eocd + 10);
    long at = u32(zip + eocd + 16);
    for (unsigned e = 0; e < entries && at + 46 <= n && u32(zip + at) == 0x02014b50; e++) {
      unsigned method = u16(zip + at + 10), nameLength = u16(zip + at + 28), extra = u16(zip + at + 30), comment = u16(zip + at + 32);
      uint32_t packed = u32(zip + at + 20), size = u32(zip + at + 24), local = u32(zip + at + 42);
      const char *name = (const char *)zip + at + 46;
      at += 46 + nameLength + extra + comment;
      if (!wanted(name, nameLength) || local + 30 > (uint32_t)n) continue;
      long data = local + 30 + u16(zip + local + 26) + u16(zip + local + 28);
      if (data + (long)packed > n) continue;
      char *out = malloc(size ? size : 1);
      if (method == 0) memcpy(out, zip + data, size);
      else {
        z_stream s; memset(&s, 0, sizeof s);
        inflateInit2(&s, -MAX_WBITS);
        s.next_in = zip + data; s.avail_in = packed; s.next_out = (unsigned char *)out; s.avail_out = size;
        inflate(&s, Z_FINISH);
        inflateEnd(&s);
      }
      parse(h, out, size);
      *bytes += size;
      free(out);
      parts++;
    }
  }
  free(zip);
  return parts;
}
static int byName(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int batch(const char *folder) {
  char suffix[16]; snprintf(suffix, sizeof suffix, ".%s", extension);
  size_t suffixLength = strlen(suffix);
  DIR *d = opendir(folder); if (!d) { perror(folder); return 1; }
  char **names = NULL; size_t n = 0; struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > suffixLength && strcmp(e->d_name + l - suffixLength, suffix) == 0) { names = realloc(names, (n + 1) * sizeof *names); names[n++] = strdup(e->d_name); }
  }
  closedir(d);
  qsort(names, n, sizeof *names, byName);
  xmlSAXHandler h = handler();
  long bytes = 0; int parts = 0, unreadable = 0;
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (size_t i = 0; i < n; i++) {
    char path[4096]; snprintf(path, sizeof path, "%s/%s", folder, names[i]);
    int p = workbook(&h, path, &bytes);
    if (p < 0) unreadable++; else parts += p;
    free(names[i]);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  free(names);
  printf("%zu files (%d not zips): %d parts, %ld XML bytes, %d elements, %.3f s\n", n, unreadable, parts, bytes, count,
         (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
int main(int argc, char **argv) {
  if ((argc == 3 || argc == 4) && strcmp(argv[1], "--batch") == 0) {
    if (argc == 4) extension = argv[3];
    return batch(argv[2]);
  }
  if (argc != 3) { fprintf(stderr, "usage: floor --batch FOLDER [xlsx|docx|ods|odt|html] | floor sheet1.xml styles.xml\n"); return 64; }
  long n; char *sheet = slurp(argv[1], &n);
  long m; char *styles = slurp(argv[2], &m);
  if (!sheet || !styles) { fprintf(stderr, "cannot read the parts\n"); return 1; }
  int reps = 2000;
  xmlSAXHandler h = handler();
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < reps; i++) parse(&h, sheet, n);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("sheet %ld bytes: %.1f us per parse\n", n, ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / reps);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < reps; i++) parse(&h, styles, m);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("styles %ld bytes: %.1f us per parse\n", m, ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / reps);
  // inflate cost of the sheet
  unsigned char *comp = malloc(n * 2); uLongf cl = n * 2; compress2(comp, &cl, (unsigned char*)sheet, n, 6);
  unsigned char *out = malloc(n);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < reps; i++) { uLongf ol = n; uncompress(out, &ol, comp, cl); }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("inflate sheet: %.1f us\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / reps);
  return 0;
}
