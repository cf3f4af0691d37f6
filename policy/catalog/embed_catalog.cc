// Build-time tool: validates the catalog and writes it as a C++ source file that the
// library links (bundled_catalog.h).
//
//   embed_catalog --out=embedded_catalog.cc --version=V --facts_checked=YYYY-MM-DD FILE...
//
// The catalog files are compiled as one bundle; any compile issue (warnings included)
// or failing policy test fails the build. The embedded bundle has every civil instant
// resolved (CivilInstant.resolved_unix_seconds; `after_issue` steps become `at` steps
// on the civil day they fall on), so that hosts need no time-zone database, and no
// policy tests.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "policy/compiler.h"
#include "policy/expectations.h"
#include "policy/loader.h"

ABSL_FLAG(std::string, out, "", "The C++ source file to write.");
ABSL_FLAG(std::string, version, "", "The catalog's version.");
ABSL_FLAG(std::string, facts_checked, "", "When the facts were last checked (YYYY-MM-DD).");

namespace {

using interdict::v1::CivilInstant;

// Resolves `instant` in place; false (reported) when it does not resolve.
bool Resolve(CivilInstant* instant, const std::string& where) {
  absl::CivilSecond civil;
  absl::TimeZone zone;
  const std::string text = absl::StrCat(instant->date(), "T", instant->time().empty() ? "00:00" : instant->time());
  if (!absl::ParseCivilTime(text, &civil) && !absl::ParseCivilTime(text + ":00", &civil)) {
    std::cerr << where << ": cannot read " << text << "\n";
    return false;
  }
  if (!absl::LoadTimeZone(instant->zone(), &zone)) {
    std::cerr << where << ": unknown time zone " << instant->zone() << "\n";
    return false;
  }
  instant->set_resolved_unix_seconds(absl::ToUnixSeconds(absl::FromCivil(civil, zone)));
  return true;
}

// Resolves every civil instant of `bundle`, turning `after_issue` steps into `at`
// steps in the issue's zone.
bool ResolveAll(interdict::v1::PolicyBundle* bundle) {
  bool ok = true;
  for (interdict::v1::Policy& policy : *bundle->mutable_policies()) {
    const CivilInstant issued = policy.issued();
    if (policy.has_exemptions_end_by()) ok = Resolve(policy.mutable_exemptions_end_by(), policy.id()) && ok;
    for (interdict::v1::Rule& rule : *policy.mutable_rules()) {
      for (interdict::v1::Step& step : *rule.mutable_steps()) {
        const std::string where = absl::StrCat(policy.id(), "/", rule.id());
        if (step.has_after_issue()) {
          absl::CivilSecond base;
          absl::TimeZone zone;
          const std::string text =
              absl::StrCat(issued.date(), "T", issued.time().empty() ? "00:00" : issued.time());
          if ((!absl::ParseCivilTime(text, &base) && !absl::ParseCivilTime(text + ":00", &base)) ||
              !absl::LoadTimeZone(issued.zone(), &zone)) {
            std::cerr << where << ": cannot read the issue instant\n";
            ok = false;
            continue;
          }
          const interdict::v1::Offset offset = step.after_issue();
          const absl::CivilSecond civil(base.year(), base.month(), base.day() + offset.days(),
                                        base.hour() + offset.hours(), base.minute() + offset.minutes(),
                                        base.second());
          const absl::Time start = absl::FromCivil(civil, zone);
          CivilInstant* at = step.mutable_at();  // Clears after_issue (a oneof).
          at->set_date(absl::FormatTime("%Y-%m-%d", start, zone));
          at->set_time(absl::FormatTime("%H:%M", start, zone));  // Offsets are whole minutes.
          at->set_zone(issued.zone());
          at->set_resolved_unix_seconds(absl::ToUnixSeconds(start));
        } else if (step.has_at()) {
          ok = Resolve(step.mutable_at(), where) && ok;
        }
        if (step.has_not_before()) ok = Resolve(step.mutable_not_before(), where) && ok;
      }
    }
    if (policy.has_issued()) ok = Resolve(policy.mutable_issued(), policy.id()) && ok;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> files = absl::ParseCommandLine(argc, argv);
  files.erase(files.begin());
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty() || files.empty() || absl::GetFlag(FLAGS_version).empty()) {
    std::cerr << "usage: embed_catalog --out=FILE --version=V --facts_checked=DATE FILE...\n";
    return 64;
  }
  interdict::PolicyLoader loader;
  for (const char* file : files) {
    const absl::Status status = loader.AddFile(file);
    if (!status.ok()) {
      std::cerr << status.message() << "\n";
      return 1;
    }
  }
  interdict::LoadedBundle loaded = std::move(loader).Finish();
  std::vector<interdict::CompileIssue> issues;
  auto policy = interdict::PolicyCompiler().Compile(loaded, &issues);
  for (const interdict::CompileIssue& issue : issues) std::cerr << issue.ToString() << "\n";
  if (!policy.ok() || !issues.empty()) {
    std::cerr << "the catalog must compile without issues\n";
    return 1;
  }
  const interdict::ExpectationReport report =
      interdict::CheckExpectations(**policy, loaded.bundle, &loaded.source_map);
  if (!report.passed()) {
    std::cerr << report.ToString();
    return 1;
  }
  interdict::v1::PolicyBundle bundle = loaded.bundle;
  bundle.clear_expectations();
  if (!ResolveAll(&bundle)) return 1;
  // The resolved bundle must decide as the written one does.
  auto resolved = interdict::PolicyCompiler().Compile(bundle);
  if (!resolved.ok()) {
    std::cerr << "the resolved catalog does not compile: " << resolved.status() << "\n";
    return 1;
  }
  interdict::v1::PolicyBundle checked = bundle;
  *checked.mutable_expectations() = loaded.bundle.expectations();
  const interdict::ExpectationReport resolved_report = interdict::CheckExpectations(**resolved, checked);
  if (!resolved_report.passed()) {
    std::cerr << "the resolved catalog decides otherwise:\n" << resolved_report.ToString();
    return 1;
  }
  std::string bytes;
  bundle.SerializeToString(&bytes);
  std::ofstream cc(out);
  cc << "// Generated by //policy/catalog:embed_catalog from policy/catalog/*.textproto.\n"
     << "// Do not edit.\n"
     << "#include <cstddef>\n\n"
     << "namespace interdict {\nnamespace catalog_internal {\n\n"
     << "extern const char kCatalogVersion[] = \"" << absl::GetFlag(FLAGS_version) << "\";\n"
     << "extern const char kCatalogFactsChecked[] = \"" << absl::GetFlag(FLAGS_facts_checked) << "\";\n"
     << "extern const size_t kCatalogBundleSize = " << bytes.size() << ";\n"
     << "extern const unsigned char kCatalogBundle[] = {";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 16 == 0) cc << "\n   ";
    cc << absl::StrFormat(" 0x%02x,", static_cast<unsigned char>(bytes[i]));
  }
  cc << "\n};\n\n}  // namespace catalog_internal\n}  // namespace interdict\n";
  if (!cc) {
    std::cerr << out << ": cannot write\n";
    return 1;
  }
  std::cout << "embedded catalog " << absl::GetFlag(FLAGS_version) << ": " << (*policy)->policy_count()
            << " policies, " << report.expectations << " policy tests, " << bytes.size() << " bytes\n";
  return 0;
}
