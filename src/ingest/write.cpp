// Writers for `convert`: native JSON and flat CSV.

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>
#include <nlohmann/json.hpp>

#include "dealgraph/ingest/load.hpp"

namespace dealgraph {
namespace {

using Json = nlohmann::ordered_json;

// Whole dollar amounts as integers, so 235000000 is not written as 235000000.0.
Json money(double v) {
    if (std::floor(v) == v && v >= 0 && v < 9007199254740992.0) return static_cast<std::uint64_t>(v);
    return v;
}

std::string money_text(double v) {
    if (std::floor(v) == v && v >= 0 && v < 9007199254740992.0)
        return std::to_string(static_cast<std::uint64_t>(v));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

Json sources_json(const std::vector<Source>& sources) {
    Json out = Json::array();
    for (const auto& s : sources) {
        Json j;
        j["publisher"] = s.publisher;
        if (!s.date.empty()) j["date"] = s.date;
        if (!s.title.empty()) j["title"] = s.title;
        if (!s.url.empty()) j["url"] = s.url;
        out.push_back(std::move(j));
    }
    return out;
}

std::string csv_field(std::string_view v) {
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

}  // namespace

namespace {

// Collects the output and hands it on in pieces of about 1 MiB.
class Pieces {
public:
    explicit Pieces(const TextSink& write) : write_(write) {}
    std::string& text() { return out_; }
    void maybe_flush() {
        if (out_.size() >= (std::size_t{1} << 20)) flush();
    }
    void flush() {
        if (!out_.empty()) write_(out_);
        out_.clear();
    }

private:
    const TextSink& write_;
    std::string out_;
};

// `value` as dump(2) prints it as an element of an array that is itself the value of a
// top-level key: 4 more spaces on every line (dump escapes line breaks inside strings,
// so every "\n" of its text is one of its own lines).
void append_element(std::string& out, const Json& value) {
    const std::string text = value.dump(2);
    out += "    ";
    for (char c : text) {
        out += c;
        if (c == '\n') out += "    ";
    }
}

Json entity_json(const Entity& e) {
    Json j;
    j["id"] = e.id;
    j["name"] = e.name;
    if (!e.aliases.empty()) j["aliases"] = e.aliases;
    j["role"] = std::string(to_string(e.role));
    if (e.type != EntityType::other) j["type"] = std::string(to_string(e.type));
    if (!e.parent.empty()) j["parent"] = e.parent;
    if (!e.country.empty()) j["country"] = e.country;
    if (!e.sectors.empty()) j["sectors"] = e.sectors;
    if (e.founded) j["founded"] = *e.founded;
    if (!e.metrics.empty()) {
        Json m = Json::object();
        for (const auto& [k, v] : e.metrics) m[k] = money(v);
        j["metrics"] = std::move(m);
    }
    if (!e.notes.empty()) j["notes"] = e.notes;
    return j;
}

Json deal_json(const Deal& d) {
    Json j;
    j["id"] = d.id;
    j["startup"] = d.startup;
    if (d.date) j["date"] = d.date->to_string();
    j["round"] = std::string(to_string(d.round));
    if (d.amount_usd) j["amount_usd"] = money(*d.amount_usd);
    if (d.post_money_usd) j["post_money_usd"] = money(*d.post_money_usd);
    j["status"] = std::string(to_string(d.status));
    Json inv = Json::array();
    for (const auto& p : d.investors) {
        Json pj;
        pj["id"] = p.investor;
        if (p.lead) pj["lead"] = true;
        if (p.amount_usd) pj["amount_usd"] = money(*p.amount_usd);
        inv.push_back(std::move(pj));
    }
    j["investors"] = std::move(inv);
    if (d.unnamed_investors) j["unnamed_investors"] = d.unnamed_investors;
    if (!d.sources.empty()) j["sources"] = sources_json(d.sources);
    std::string notes = d.notes;
    if (d.round == RoundType::other && !d.round_label.empty())
        notes = "round: " + d.round_label + (notes.empty() ? "" : "; " + notes);
    if (!notes.empty()) j["notes"] = notes;
    return j;
}

Json tie_json(const Tie& t) {
    Json j;
    if (!t.id.empty()) j["id"] = t.id;
    j["from"] = t.from;
    j["to"] = t.to;
    j["type"] = std::string(to_string(t.type));
    if (t.date) j["date"] = t.date->to_string();
    j["status"] = std::string(to_string(t.status));
    if (t.amount_usd) j["amount_usd"] = money(*t.amount_usd);
    if (!t.sources.empty()) j["sources"] = sources_json(t.sources);
    if (!t.notes.empty()) j["notes"] = t.notes;
    return j;
}

// "  \"key\": [...]" as dump(2) prints the top-level key's array, its elements made one
// at a time by `make(item)`.
template <class T, class Make>
void append_array(Pieces& p, const char* key, const std::vector<T>& items, Make make, bool last) {
    std::string& out = p.text();
    out += "  \"";
    out += key;
    out += "\": ";
    if (items.empty()) {
        out += "[]";
    } else {
        out += "[\n";
        for (std::size_t i = 0; i < items.size(); ++i) {
            append_element(out, make(items[i]));
            out += i + 1 < items.size() ? ",\n" : "\n";
            p.maybe_flush();  // empties `out` (the same string) when it is full
        }
        out += "  ]";
    }
    out += last ? "\n" : ",\n";
}

}  // namespace

void write_json(const Dataset& data, const TextSink& write) {
    // What dump(2) prints for {dealgraph, title, entities, deals, ties, groups}, made
    // record by record: a value tree of a market-scale data set took three times the
    // data set's memory (10M generated rows: 11 GB).
    Pieces p(write);
    std::string& out = p.text();
    out += "{\n  \"dealgraph\": 1,\n";
    if (!data.title.empty()) out += "  \"title\": " + Json(data.title).dump() + ",\n";
    append_array(p, "entities", data.entities, entity_json, false);
    append_array(p, "deals", data.deals, deal_json, false);
    const bool groups = !data.groups.empty();
    append_array(p, "ties", data.ties, tie_json, !groups);
    if (groups)
        append_array(p, "groups", data.groups,
                     [](const InvestorGroup& g) { return Json{{"id", g.id}, {"name", g.name}, {"members", g.members}}; },
                     true);
    out += "}\n";
    p.flush();
}

std::string to_json(const Dataset& data) {
    std::string out;
    write_json(data, [&out](std::string_view piece) { out += piece; });
    return out;
}

void write_csv(const Dataset& data, const TextSink& write, std::vector<std::string>* dropped) {
    std::unordered_map<std::string_view, const Entity*> by_id;
    for (const auto& e : data.entities) by_id.emplace(e.id, &e);
    auto name = [&](const std::string& id) -> std::string_view {
        auto it = by_id.find(id);
        return it == by_id.end() ? std::string_view(id) : std::string_view(it->second->name);
    };
    Pieces pieces(write);
    std::string& out = pieces.text();
    out = "deal_id,startup,investor,date,round,amount_usd,investor_amount_usd,lead,status,post_money_usd\n";
    std::size_t collapsed = 0;
    for (const auto& d : data.deals) {
        std::string common_tail = ',' + (d.date ? d.date->to_string() : std::string()) + ',' +
                                  csv_field(d.round == RoundType::other && !d.round_label.empty()
                                                ? d.round_label
                                                : std::string(to_string(d.round))) +
                                  ',' + (d.amount_usd ? money_text(*d.amount_usd) : std::string());
        std::string status_tail = ',' + std::string(to_string(d.status)) + ',' +
                                  (d.post_money_usd ? money_text(*d.post_money_usd) : std::string()) + '\n';
        std::string head = csv_field(d.id) + ',' + csv_field(name(d.startup)) + ',';
        for (const auto& p : d.investors) {
            out += head + csv_field(name(p.investor)) + common_tail + ',' +
                   (p.amount_usd ? money_text(*p.amount_usd) : std::string()) + ',' + (p.lead ? "true" : "false") +
                   status_tail;
        }
        if (d.unnamed_investors > 0 || d.investors.empty()) {
            out += head + "Undisclosed" + common_tail + ",,false" + status_tail;
            if (d.unnamed_investors > 1 || d.investors.empty()) ++collapsed;
        }
        pieces.maybe_flush();
    }
    pieces.flush();
    if (dropped) {
        dropped->clear();
        std::size_t extra = 0;
        for (const auto& e : data.entities)
            extra += !e.aliases.empty() || e.type != EntityType::other || !e.parent.empty() || !e.country.empty() ||
                     !e.sectors.empty() || e.founded || !e.notes.empty() || !e.metrics.empty();
        if (extra) dropped->push_back(std::to_string(extra) + " entities' details (type, parent, country, sectors...)");
        if (!data.ties.empty()) dropped->push_back(std::to_string(data.ties.size()) + " ties");
        if (!data.groups.empty()) dropped->push_back(std::to_string(data.groups.size()) + " investor groups");
        std::size_t with_sources = 0, with_notes = 0;
        for (const auto& d : data.deals) {
            with_sources += !d.sources.empty();
            with_notes += !d.notes.empty();
        }
        if (with_sources) dropped->push_back(std::to_string(with_sources) + " deals' sources");
        if (with_notes) dropped->push_back(std::to_string(with_notes) + " deals' notes");
        if (collapsed)
            dropped->push_back(std::to_string(collapsed) +
                               " deals' unnamed investors (written as one \"Undisclosed\" row each)");
    }
}

std::string to_csv(const Dataset& data, std::vector<std::string>* dropped) {
    std::string out;
    write_csv(data, [&out](std::string_view piece) { out += piece; }, dropped);
    return out;
}

}  // namespace dealgraph
