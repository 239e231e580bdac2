// SVG through the Graphviz library (libgvc): the DOT text is parsed, laid out with the `dot`
// engine and rendered in memory. libgvc is loaded when `kro graph -o svg` first needs it, not
// linked: kro starts without Graphviz installed (the container image leaves its ~1 MB of
// libraries out) and says so only when SVG is asked for.
#include <dlfcn.h>

#include "cli/graph_view.h"

#ifdef KRO_HAVE_GVC
#include <graphviz/gvc.h>  // the functions' signatures only
#endif

namespace kro::cli {

#ifdef KRO_HAVE_GVC
namespace {

// The few libgvc/libcgraph functions the rendering calls, resolved from one loaded library.
struct Gvc {
  decltype(&gvContext) context = nullptr;
  decltype(&gvFreeContext) free_context = nullptr;
  decltype(&agmemread) read = nullptr;
  decltype(&agclose) close = nullptr;
  decltype(&gvLayout) layout = nullptr;
  decltype(&gvFreeLayout) free_layout = nullptr;
  decltype(&gvRenderData) render = nullptr;
  decltype(&gvFreeRenderData) free_render = nullptr;
};

template <typename F>
bool resolve(void* lib, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(lib, name));
  return out != nullptr;
}

Result<Gvc> load_gvc(const char* library) {
  // Never closed: Graphviz loads its own plugins and keeps global state for the process.
  void* lib = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    return Error(std::string("SVG needs the Graphviz library ") + library +
                 ", which is not installed here (" + (why != nullptr ? why : "not found") +
                 "); install Graphviz (Debian: libgvc6), or use -o dot and run `dot -Tsvg`");
  }
  // dlsym on the handle also searches libgvc's dependencies, where libcgraph's ag* live.
  Gvc g;
  bool ok = resolve(lib, "gvContext", g.context) && resolve(lib, "gvFreeContext", g.free_context) &&
            resolve(lib, "agmemread", g.read) && resolve(lib, "agclose", g.close) &&
            resolve(lib, "gvLayout", g.layout) && resolve(lib, "gvFreeLayout", g.free_layout) &&
            resolve(lib, "gvRenderData", g.render) &&
            resolve(lib, "gvFreeRenderData", g.free_render);
  if (!ok) return Error(std::string("graphviz: ") + library + " lacks a function kro uses");
  return g;
}

}  // namespace

Result<std::string> dot_to_svg(const std::string& dot, const char* gvc_library) {
  KRO_ASSIGN_OR_RETURN(Gvc gv, load_gvc(gvc_library));
  GVC_t* gvc = gv.context();
  if (gvc == nullptr) return Error("graphviz: cannot create a context");
  Agraph_t* g = gv.read(dot.c_str());
  if (g == nullptr) {
    gv.free_context(gvc);
    return Error("graphviz: cannot parse the DOT graph");
  }
  std::string out;
  bool ok = gv.layout(gvc, g, "dot") == 0;
  if (ok) {
    char* data = nullptr;
    unsigned int length = 0;
    ok = gv.render(gvc, g, "svg", &data, &length) == 0;
    if (ok && data != nullptr) out.assign(data, length);
    gv.free_render(data);
    gv.free_layout(gvc, g);
  }
  gv.close(g);
  gv.free_context(gvc);
  if (!ok) return Error("graphviz: layout or SVG rendering failed");
  return out;
}
#else
Result<std::string> dot_to_svg(const std::string& /*dot*/, const char* /*gvc_library*/) {
  return Error("this kro was built without Graphviz's headers; use -o dot and run `dot -Tsvg`");
}
#endif

}  // namespace kro::cli
