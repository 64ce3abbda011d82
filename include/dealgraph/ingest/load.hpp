#pragma once
// Reading deal files: native JSON and flat CSV, told apart by content.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dealgraph/model/diagnostics.hpp"
#include "dealgraph/model/dataset.hpp"

namespace dealgraph {

struct LoadOptions {
    /// Keep placeholder investors ("undisclosed", "private investors") as nodes.
    bool keep_placeholders = false;
    /// Threads for reading CSV: 0 picks by itself (a second thread splits and checks the
    /// rows of a file of 1 MiB or more, when the machine has two cores); 1 reads on the
    /// caller's thread alone; 2 or more always use the second thread. The result, and
    /// every message with its order, is the same either way.
    unsigned threads = 0;
};

enum class FileFormat { json, csv };

/// Reads and merges the files in order. Problems go to `diag`; the caller checks
/// `diag.has_errors()` before trusting the result. Never throws for bad content;
/// throws std::bad_alloc only if memory runs out.
Dataset load_files(const std::vector<std::string>& paths, const LoadOptions& options,
                   Diagnostics& diag);

/// Reads text already in memory, as if it were the file `name`.
void load_text(std::string_view text, const std::string& name, const LoadOptions& options,
               Dataset& into, Diagnostics& diag);

/// Receives output a piece at a time (write_json, write_csv).
using TextSink = std::function<void(std::string_view)>;

/// Writes the data set as native JSON (2-space indentation, stable order).
std::string to_json(const Dataset& data);
/// The same text, handed to `write` in pieces of about 1 MiB as it is made, so that a
/// market-scale data set is never held twice in memory (what `convert` uses).
void write_json(const Dataset& data, const TextSink& write);
/// Writes the data set as flat CSV, one row per participation (deals without
/// investors get one row with an empty investor). Entity details and ties do not fit
/// the flat format and are dropped; `dropped` tells what was.
std::string to_csv(const Dataset& data, std::vector<std::string>* dropped = nullptr);
/// The same text in pieces, as write_json.
void write_csv(const Dataset& data, const TextSink& write, std::vector<std::string>* dropped = nullptr);

}  // namespace dealgraph
