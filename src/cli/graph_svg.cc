// SVG through the Graphviz library (libgvc): the DOT text is parsed, laid out with the `dot`
// engine and rendered in memory.
#include "cli/graph_view.h"

#ifdef KRO_HAVE_GVC
#include <graphviz/gvc.h>
#endif

namespace kro::cli {

#ifdef KRO_HAVE_GVC
Result<std::string> dot_to_svg(const std::string& dot) {
  GVC_t* gvc = gvContext();
  if (gvc == nullptr) return Error("graphviz: cannot create a context");
  Agraph_t* g = agmemread(dot.c_str());
  if (g == nullptr) {
    gvFreeContext(gvc);
    return Error("graphviz: cannot parse the DOT graph");
  }
  std::string out;
  bool ok = gvLayout(gvc, g, "dot") == 0;
  if (ok) {
    char* data = nullptr;
    unsigned int length = 0;
    ok = gvRenderData(gvc, g, "svg", &data, &length) == 0;
    if (ok && data != nullptr) out.assign(data, length);
    gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  gvFreeContext(gvc);
  if (!ok) return Error("graphviz: layout or SVG rendering failed");
  return out;
}
#else
Result<std::string> dot_to_svg(const std::string& /*dot*/) {
  return Error("this kro was built without Graphviz; use -o dot and run `dot -Tsvg`");
}
#endif

}  // namespace kro::cli
