// The floor under any libxml2-based reader: SAX2 with empty callbacks over a sheet part, a styles part, and zlib
// inflating the sheet. Usage: gcc -O2 libxml2_floor.c $(xml2-config --cflags --libs) -lz -o floor && ./floor sheet1.xml styles.xml
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
static int count;
static void start(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns, int na, int nd, const xmlChar **a) { count++; }
static void end(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void chars(void *ctx, const xmlChar *c, int n) {}
static char *slurp(const char *path, long *n) { FILE *f = fopen(path, "rb"); fseek(f, 0, SEEK_END); *n = ftell(f); rewind(f); char *b = malloc(*n); fread(b, 1, *n, f); fclose(f); return b; }
int main(int argc, char **argv) {
  long n; char *sheet = slurp(argv[1], &n);
  long m; char *styles = slurp(argv[2], &m);
  int reps = 2000;
  xmlSAXHandler h; memset(&h, 0, sizeof h); h.initialized = XML_SAX2_MAGIC; h.startElementNs = start; h.endElementNs = end; h.characters = chars;
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < reps; i++) {
    xmlParserCtxtPtr c = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, NULL);
    xmlCtxtUseOptions(c, XML_PARSE_NONET);
    xmlParseChunk(c, sheet, n, 1);
    xmlFreeParserCtxt(c);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("sheet %ld bytes: %.1f us per parse\n", n, ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / reps);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < reps; i++) {
    xmlParserCtxtPtr c = xmlCreatePushParserCtxt(&h, NULL, NULL, 0, NULL);
    xmlParseChunk(c, styles, m, 1);
    xmlFreeParserCtxt(c);
  }
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
