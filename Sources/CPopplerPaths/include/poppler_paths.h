// The straight lines and rectangles a PDF page paints, through poppler's core API: a C interface to a C++ shim.
#ifndef NIANBAO_POPPLER_PATHS_H
#define NIANBAO_POPPLER_PATHS_H

#ifdef __cplusplus
extern "C" {
#endif

/// One dark paint on a page, in points with the origin at the page's top left (page rotation applied), clipped to
/// the clip in force: a stroked straight segment from (x0, y0) to (x1, y1) of `width` points (0 for a hairline), or,
/// when `filled` is 1, a filled axis-aligned rectangle (x0, y0)–(x1, y1) and `width` 0.
typedef struct {
    float x0, y0, x1, y1;
    float width;
    int filled;
} nb_paint;

typedef struct nb_paths nb_paths;

/// Opens the PDF at `path` (a file path, not a URI); NULL when poppler cannot open it.
nb_paths *nb_paths_open(const char *path);
void nb_paths_close(nb_paths *paths);

/// The dark straight strokes and rectangle fills of page `index` (from 0), at most `capacity` of them. Text, images,
/// shadings, patterns, curves and light paint (white, pale grey, faint) are left out. `*paints` stays valid until the
/// next call on `paths`. Returns the number of paints, or -1 when there is no such page.
long nb_paths_page(nb_paths *paths, int index, long capacity, const nb_paint **paints);

#ifdef __cplusplus
}
#endif

#endif
