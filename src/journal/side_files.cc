// SQLite backend, the files kept beside the key, outside the database, so that someone who can
// write the database cannot also undo them: the high-water record (a head the journal reached)
// and a recorded verification failure. See docs/journal_format.md.
#include <sstream>

#include "journal/key_file.h"
#include "journal/sqlite_journal.h"

namespace takt::journal {
namespace {

constexpr const char* kHighWaterMagic = "takt-high-water";
constexpr size_t kMaxNote = 64 * 1024;

}  // namespace

Result<std::optional<HighWater>> SqliteJournal::ReadHighWater() const {
  if (!chain_.keyed()) return std::optional<HighWater>();
  const std::string file = high_water_path();
  auto text = ReadSmallFile(file, 1024);
  if (!text.ok()) return text.status();
  if (!*text) return std::optional<HighWater>();
  std::istringstream in(**text);
  std::string magic, id, hash_hex, mac_hex;
  int version = 0;
  uint64_t seq = 0;
  HighWater hw;
  Digest mac{};
  if (!(in >> magic >> version >> id >> seq >> hash_hex >> mac_hex) || magic != kHighWaterMagic || version != 1 ||
      !FromHex(hash_hex, hw.hash) || !FromHex(mac_hex, mac))
    return Status(Code::kConflict, "the high-water record " + file + " is damaged: look at it, then remove it");
  if (id != journal_id_) return std::optional<HighWater>();  // another journal's, once beside this key
  hw.seq = seq;
  if (!SameDigest(chain_.HighWaterMac(id, hw.seq, hw.hash), mac))
    return Status(Code::kConflict, "the high-water record " + file + " fails its MAC: it was altered");
  return std::optional<HighWater>(hw);
}

Status SqliteJournal::RecordHighWater() {
  if (!chain_.keyed()) return Status::Ok();
  if (mode_ != Mode::kReadWrite) return Status::Internal("the high-water record is written by the writer only");
  const Head h = head();
  std::lock_guard l(side_mu_);
  if (static_cast<int64_t>(h.seq) <= high_water_seq_) return Status::Ok();
  // Never lowered: a record above the head stays (CheckEnds refuses such a journal), and one that
  // fails its MAC is not replaced.
  auto recorded = ReadHighWater();
  if (!recorded.ok()) return recorded.status();
  if (*recorded && (*recorded)->seq >= h.seq) {
    high_water_seq_ = static_cast<int64_t>((*recorded)->seq);
    return Status::Ok();
  }
  std::string line = std::string(kHighWaterMagic) + " 1 " + journal_id_ + " " + std::to_string(h.seq) + " " +
                     ToHex(h.hash) + " " + ToHex(chain_.HighWaterMac(journal_id_, h.seq, h.hash)) + "\n";
  TAKT_RETURN_IF_ERROR(WriteFileAtomically(high_water_path(), line));
  high_water_seq_ = static_cast<int64_t>(h.seq);
  return Status::Ok();
}

Status SqliteJournal::RecordFailure(const std::string& why) {
  if (mode_ != Mode::kReadWrite) return Status::Internal("a failure is recorded by the writer only");
  std::lock_guard l(side_mu_);
  if (why.empty()) return RemoveFile(failure_path());
  return WriteFileAtomically(failure_path(), why.substr(0, kMaxNote - 1) + "\n");
}

Result<std::optional<std::string>> SqliteJournal::RecordedFailure() const {
  auto text = ReadSmallFile(failure_path(), kMaxNote);
  if (!text.ok() || !*text) return text;
  std::string why = **text;
  while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
  if (why.empty()) why = "(no reason given)";
  return std::optional<std::string>(why);
}

}  // namespace takt::journal
