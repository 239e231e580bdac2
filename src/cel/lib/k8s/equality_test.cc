// `==` with a Kubernetes library value (IP, CIDR, Quantity, Semver, URL) on the left: its Equal
// reports "no such overload" for a value of another type, which only dyn operands reach (the
// checker rejects the rest). Audited against cel-go v0.31 with k8s.io/apiserver v0.36.3.
#include <gtest/gtest.h>

#include "cel/eval/program.h"
#include "cel/test_util.h"

namespace kro::cel {
namespace {

std::string show(std::string_view expr) {
  eval::MapActivation act;
  Value v = testing::parse_plan_eval(expr, act);
  return v.is_error() ? "error: " + v.error_message() : debug_string(v);
}

TEST(K8sEquality, LibraryValueOnTheLeftNeedsTheSameType) {
  EXPECT_EQ(show("dyn(ip('10.0.0.1')) == '10.0.0.1'"), "error: no such overload");
  EXPECT_EQ(show("dyn(cidr('10.0.0.0/8')) == '10.0.0.0/8'"), "error: no such overload");
  EXPECT_EQ(show("dyn(ip('10.0.0.1')) == dyn(cidr('10.0.0.1/32'))"), "error: no such overload");
  EXPECT_EQ(show("dyn(quantity('1')) == 1"), "error: no such overload");
  EXPECT_EQ(show("dyn(semver('1.0.0')) == '1.0.0'"), "error: no such overload");
  EXPECT_EQ(show("dyn(url('/a')) == 'x'"), "error: no such overload");
  EXPECT_EQ(show("dyn(ip('10.0.0.1')) == dyn(optional.none())"), "error: no such overload");
}

TEST(K8sEquality, OtherFormsStayHeterogeneous) {
  EXPECT_EQ(show("dyn('10.0.0.1') == ip('10.0.0.1')"), "false");
  EXPECT_EQ(show("dyn(ip('10.0.0.1')) == null"), "false");
  EXPECT_EQ(show("null == dyn(ip('10.0.0.1'))"), "false");
  // cel-go's != is "Equal is not true", so the error does not surface.
  EXPECT_EQ(show("dyn(ip('10.0.0.1')) != 1"), "true");
  EXPECT_EQ(show("ip('10.0.0.1') == ip('10.0.0.1')"), "true");
  EXPECT_EQ(show("dyn(ip('1.2.3.4')) in ['a', ip('1.2.3.4')]"), "true");
  EXPECT_EQ(show("dyn(ip('1.2.3.4')) in ['a']"), "false");
}

}  // namespace
}  // namespace kro::cel
