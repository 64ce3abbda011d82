#pragma once
// The error hierarchy. main() maps each class to an exit code, once.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace dealgraph {

/// Root of every error dealgraph throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The user's input is wrong: what() is "FILE:LINE:COLUMN: message" (the parts known).
class InputError : public Error {
public:
    InputError(std::string file, std::uint32_t line, std::uint32_t column, std::string field,
               std::string message);
    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] std::uint32_t line() const noexcept { return line_; }
    [[nodiscard]] std::uint32_t column() const noexcept { return column_; }
    [[nodiscard]] const std::string& field() const noexcept { return field_; }
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

private:
    std::string file_;
    std::uint32_t line_;
    std::uint32_t column_;
    std::string field_;
    std::string message_;
};

/// The command line is wrong (unknown option value, missing argument).
class UsageError : public Error {
public:
    using Error::Error;
};

/// An output could not be written.
class OutputError : public Error {
public:
    using Error::Error;
};

}  // namespace dealgraph
