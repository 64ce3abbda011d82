#include "dealgraph/model/dataset.hpp"

#include <deque>
#include <mutex>

#include "dealgraph/model/error.hpp"

namespace dealgraph {

const std::string FileName::empty_;

FileName::FileName(std::string_view name) {
    if (name.empty()) return;
    // A deque never moves its elements, so the pointers handed out stay valid.
    static std::mutex lock;
    static std::deque<std::string> names;
    std::lock_guard<std::mutex> guard(lock);
    for (const auto& n : names)
        if (n == name) {
            name_ = &n;
            return;
        }
    name_ = &names.emplace_back(name);
}

bool Deal::same_content(const Deal& o) const {
    return id == o.id && startup == o.startup && date == o.date && round == o.round &&
           round_label == o.round_label && amount_usd == o.amount_usd &&
           post_money_usd == o.post_money_usd && status == o.status && investors == o.investors &&
           unnamed_investors == o.unnamed_investors &&
           sources == o.sources && notes == o.notes;
}

std::ptrdiff_t Dataset::find_entity(std::string_view id) const {
    for (std::size_t i = 0; i < entities.size(); ++i)
        if (entities[i].id == id) return static_cast<std::ptrdiff_t>(i);
    return -1;
}

std::string Dataset::ultimate_parent(std::string id) const {
    for (std::size_t steps = 0; steps < entities.size(); ++steps) {
        auto e = find_entity(id);
        if (e < 0 || entities[static_cast<std::size_t>(e)].parent.empty()) break;
        id = entities[static_cast<std::size_t>(e)].parent;
    }
    return id;
}

namespace {
std::string locate(const std::string& file, std::uint32_t line, std::uint32_t column,
                   const std::string& message) {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line) {
            out += ':' + std::to_string(line);
            if (column) out += ':' + std::to_string(column);
        }
        out += ": ";
    }
    return out + message;
}
}  // namespace

InputError::InputError(std::string file, std::uint32_t line, std::uint32_t column,
                       std::string field, std::string message)
    : Error(locate(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace dealgraph
