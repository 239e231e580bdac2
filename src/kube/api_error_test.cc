#include "kube/api_error.h"

#include <gtest/gtest.h>

namespace kro::kube {
namespace {

TEST(ApiError, DecodesNotFoundStatus) {
  auto e = decode_api_error(404, R"({"kind":"Status","apiVersion":"v1","status":"Failure",
    "message":"configmaps \"x\" not found","reason":"NotFound",
    "details":{"name":"x","kind":"configmaps"},"code":404})");
  EXPECT_TRUE(e.is_not_found());
  EXPECT_EQ(e.code, 404);
  EXPECT_EQ(e.message, "configmaps \"x\" not found");
  EXPECT_EQ(e.name, "x");
  EXPECT_EQ(e.kind, "configmaps");
  EXPECT_EQ(e.str(), "NotFound (404): configmaps \"x\" not found");
}

TEST(ApiError, InvalidKeepsCauses) {
  auto e = decode_api_error(422, R"({"kind":"Status","reason":"Invalid","code":422,
    "message":"ConfigMap \"BAD\" is invalid",
    "details":{"causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"BAD\"",
    "field":"metadata.name"}]}})");
  ASSERT_TRUE(e.is_invalid());
  ASSERT_EQ(e.causes.size(), 1u);
  EXPECT_EQ(e.causes[0].field, "metadata.name");
  EXPECT_EQ(e.causes[0].type, "FieldValueInvalid");
  EXPECT_NE(e.str().find("metadata.name: Invalid value"), std::string::npos);
}

TEST(ApiError, ExpiredIsGone) {
  auto e = decode_api_error(410, R"j({"kind":"Status","reason":"Expired","code":410,
    "message":"too old resource version: 1 (50)"})j");
  EXPECT_EQ(e.reason, Reason::kExpired);
  EXPECT_TRUE(e.is_gone());
}

TEST(ApiError, ReasonFromCodeWhenBodyIsNotStatus) {
  auto e = decode_api_error(409, "<html>conflict</html>");
  EXPECT_TRUE(e.is_conflict());
  EXPECT_NE(e.message.find("<html>conflict</html>"), std::string::npos);
  auto f = decode_api_error(403, "");
  EXPECT_TRUE(f.is_forbidden());
  EXPECT_EQ(decode_api_error(418, "").reason, Reason::kUnknown);
}

TEST(ApiError, RetryAfterFromHeaderAndDetails) {
  auto e = decode_api_error(429, R"({"kind":"Status","reason":"TooManyRequests","code":429,
    "details":{"retryAfterSeconds":3}})");
  EXPECT_TRUE(e.is_too_many_requests());
  EXPECT_EQ(e.retry_after.count(), 3);
  auto h = decode_api_error(429, "slow down", " 7");
  EXPECT_EQ(h.retry_after.count(), 7);
  EXPECT_EQ(decode_api_error(429, "", "Wed, 21 Oct 2015 07:28:00 GMT").retry_after.count(), 0);
}

TEST(ApiError, ReasonNamesRoundTrip) {
  for (auto r : {Reason::kNotFound, Reason::kAlreadyExists, Reason::kConflict, Reason::kInvalid,
                 Reason::kTooManyRequests, Reason::kGone, Reason::kForbidden})
    EXPECT_EQ(reason_from_name(reason_name(r)), r);
  EXPECT_EQ(reason_from_name("Transport"), Reason::kUnknown);
  EXPECT_EQ(reason_from_name("Nonsense"), Reason::kUnknown);
}

TEST(ApiError, ApiResultCarriesValueOrError) {
  ApiResult<int> ok = 3;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 3);
  ApiResult<int> bad = transport_error("connection refused");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is_transport());
  EXPECT_EQ(bad.error().to_error().message, "Transport: connection refused");
  ApiResult<void> v;
  EXPECT_TRUE(v.ok());
}

}  // namespace
}  // namespace kro::kube
