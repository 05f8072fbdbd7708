// Records the dark straight strokes and rectangle fills of a PDF page through poppler's core API (no rendering).
#include "poppler_paths.h"

#include <Gfx.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <Page.h>
#include <goo/GooString.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace {

// poppler's own messages about odd files go nowhere: the caller reports what it could not read.
void quiet(ErrorCategory, Goffset, const char *) { }

// Paint lighter than this (0 black, 1 white; green weighs double, as in the eye) is shading, not a line.
constexpr double lightest = 0.78;

bool dark(const GfxRGB &rgb, double opacity)
{
    double grey = (colToDbl(rgb.r) + 2 * colToDbl(rgb.g) + colToDbl(rgb.b)) / 4;
    // Over a white page.
    return 1 - std::clamp(opacity, 0.0, 1.0) * (1 - grey) < lightest;
}

struct Point {
    double x, y;
};

// A subpath's corners in device space when it is an axis-aligned rectangle, else false.
bool rectangle(const GfxState *state, const GfxSubpath *subpath, double box[4], double *signedArea)
{
    std::vector<Point> points;
    for (int i = 0; i < subpath->getNumPoints(); ++i) {
        if (subpath->getCurve(i)) {
            return false;
        }
        Point point;
        state->transform(subpath->getX(i), subpath->getY(i), &point.x, &point.y);
        if (points.empty() || std::fabs(point.x - points.back().x) > 0.01 || std::fabs(point.y - points.back().y) > 0.01) {
            points.push_back(point);
        }
    }
    if (points.size() > 1 && std::fabs(points.front().x - points.back().x) <= 0.01 && std::fabs(points.front().y - points.back().y) <= 0.01) {
        points.pop_back();
    }
    if (points.size() != 4) {
        return false;
    }
    double area = 0;
    for (size_t i = 0; i < 4; ++i) {
        const Point &a = points[i], &b = points[(i + 1) % 4];
        if (std::fabs(a.x - b.x) > 0.01 && std::fabs(a.y - b.y) > 0.01) {
            return false;
        }
        area += a.x * b.y - b.x * a.y;
    }
    box[0] = std::min({ points[0].x, points[1].x, points[2].x, points[3].x });
    box[1] = std::min({ points[0].y, points[1].y, points[2].y, points[3].y });
    box[2] = std::max({ points[0].x, points[1].x, points[2].x, points[3].x });
    box[3] = std::max({ points[0].y, points[1].y, points[2].y, points[3].y });
    *signedArea = area / 2;
    return true;
}

// An OutputDev that draws nothing: text goes through drawString (ignored, no glyph is rasterised), images are
// skipped, shadings and patterns are taken as done, and each stroke or fill leaves its straight pieces.
class PathRecorder : public OutputDev
{
public:
    std::vector<nb_paint> paints;
    size_t capacity = 0;

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return false; }
    bool interpretType3Chars() override { return false; }
    bool useTilingPatternFill() override { return true; }
    bool useShadedFills(int) override { return true; }
    bool tilingPatternFill(GfxState *, Gfx *, Catalog *, GfxTilingPattern *, const double *, int, int, int, int, double, double) override { return true; }
    bool functionShadedFill(GfxState *, GfxFunctionShading *) override { return true; }
    bool axialShadedFill(GfxState *, GfxAxialShading *, double, double) override { return true; }
    bool radialShadedFill(GfxState *, GfxRadialShading *, double, double) override { return true; }
    bool gouraudTriangleShadedFill(GfxState *, GfxGouraudTriangleShading *) override { return true; }
    bool patchMeshShadedFill(GfxState *, GfxPatchMeshShading *) override { return true; }

    void stroke(GfxState *state) override
    {
        GfxRGB rgb;
        state->getStrokeRGB(&rgb);
        if (!dark(rgb, state->getStrokeOpacity())) {
            return;
        }
        const GfxPath *path = state->getPath();
        double width = state->getTransformedLineWidth();
        for (int s = 0; s < path->getNumSubpaths(); ++s) {
            const GfxSubpath *subpath = path->getSubpath(s);
            for (int i = 1; i < subpath->getNumPoints(); ++i) {
                if (subpath->getCurve(i) || subpath->getCurve(i - 1)) {
                    continue;  // a piece of a curve
                }
                Point a, b;
                state->transform(subpath->getX(i - 1), subpath->getY(i - 1), &a.x, &a.y);
                state->transform(subpath->getX(i), subpath->getY(i), &b.x, &b.y);
                add(state, a.x, a.y, b.x, b.y, width, false);
            }
        }
    }

    void fill(GfxState *state) override { filled(state, false); }
    void eoFill(GfxState *state) override { filled(state, true); }

    bool full() const { return paints.size() >= capacity; }

private:
    void filled(GfxState *state, bool evenOdd)
    {
        GfxRGB rgb;
        state->getFillRGB(&rgb);
        if (!dark(rgb, state->getFillOpacity())) {
            return;
        }
        const GfxPath *path = state->getPath();
        double outer[4], inner[4], outerArea, innerArea;
        // A frame (a rectangle with a rectangle cut out, as some producers draw a cell's border): its four bands.
        if (path->getNumSubpaths() == 2 && rectangle(state, path->getSubpath(0), outer, &outerArea) && rectangle(state, path->getSubpath(1), inner, &innerArea)) {
            if (std::fabs(innerArea) > std::fabs(outerArea)) {
                std::swap(outer, inner);
                std::swap(outerArea, innerArea);
            }
            bool nested = inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
            if (nested && (evenOdd || (outerArea > 0) != (innerArea > 0))) {
                add(state, outer[0], outer[1], outer[2], inner[1], 0, true);
                add(state, outer[0], inner[3], outer[2], outer[3], 0, true);
                add(state, outer[0], inner[1], inner[0], inner[3], 0, true);
                add(state, inner[2], inner[1], outer[2], inner[3], 0, true);
                return;
            }
        }
        for (int s = 0; s < path->getNumSubpaths(); ++s) {
            double box[4], area;
            if (rectangle(state, path->getSubpath(s), box, &area)) {
                add(state, box[0], box[1], box[2], box[3], 0, true);
            }
        }
    }

    // Keeps the part inside the clip (a filled box or a horizontal or vertical segment; a slanted one whole).
    void add(GfxState *state, double x0, double y0, double x1, double y1, double width, bool isFill)
    {
        if (full() || !std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1) || !std::isfinite(width)) {
            return;
        }
        double xMin, yMin, xMax, yMax;
        state->getClipBBox(&xMin, &yMin, &xMax, &yMax);
        if (isFill || y0 == y1 || x0 == x1) {
            if (x0 > x1) {
                std::swap(x0, x1);
            }
            if (y0 > y1) {
                std::swap(y0, y1);
            }
            x0 = std::max(x0, xMin);
            x1 = std::min(x1, xMax);
            y0 = std::max(y0, yMin);
            y1 = std::min(y1, yMax);
            if (x0 > x1 || y0 > y1) {
                return;
            }
        }
        paints.push_back(nb_paint { float(x0), float(y0), float(x1), float(y1), float(std::fabs(width)), isFill ? 1 : 0 });
    }
};

bool abortWhenFull(void *data)
{
    return static_cast<PathRecorder *>(data)->full();
}

}

struct nb_paths
{
    GlobalParamsIniter initer { quiet };
    std::unique_ptr<PDFDoc> document;
    PathRecorder recorder;
};

extern "C" nb_paths *nb_paths_open(const char *path)
{
    auto paths = std::make_unique<nb_paths>();
    paths->document = std::make_unique<PDFDoc>(std::make_unique<GooString>(path));
    if (!paths->document->isOk()) {
        return nullptr;
    }
    return paths.release();
}

extern "C" void nb_paths_close(nb_paths *paths)
{
    delete paths;
}

extern "C" long nb_paths_page(nb_paths *paths, int index, long capacity, const nb_paint **paints)
{
    if (index < 0 || index >= paths->document->getNumPages() || capacity < 0) {
        return -1;
    }
    PathRecorder &recorder = paths->recorder;
    recorder.paints.clear();
    recorder.capacity = size_t(capacity);
    PDFDoc *document = paths->document.get();
    Page *page = document->getPage(index + 1);
    if (!page) {
        return -1;
    }
    // The page's resources without its fonts: poppler parses every font of a page (embedded files included) when it
    // sets up the page, which cost more than the rest together; without them, text operators draw nothing.
    Object resources;
    if (Dict *dict = page->getResourceDict()) {
        resources = Object(dict->copy(document->getXRef()));
        resources.getDict()->remove("Font");
    }
    // As Page::displaySlice sets up a page for poppler-glib's rendering: 72 dpi (device units are points), the page's
    // own rotation, its crop box; annotations are not drawn.
    int rotate = ((page->getRotate() % 360) + 360) % 360;
    Gfx gfx(document, &recorder, index + 1, resources.isDict() ? resources.getDict() : nullptr, 72, 72, page->getCropBox(), page->getCropBox(), rotate, abortWhenFull, &recorder);
    Object contents = page->getContents();
    if (!contents.isNull()) {
        gfx.saveState();
        gfx.display(&contents);
        gfx.restoreState();
    }
    *paints = recorder.paints.data();
    return long(recorder.paints.size());
}
