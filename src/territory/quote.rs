//! Quoting faults the CSV reader would misread silently: a quote never
//! closed (every later line would join one field) and text after a closing
//! quote (joined to the field). Found by a scan of the raw bytes before the
//! reader runs, so the error can name the line.

use super::table::InputError;

/// A quoted field the CSV reader would misread: its closing quote is
/// missing (everything up to the end of the file would be read into it), or
/// text follows its closing quote (`"10"0` would be read as `100`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct QuoteFault {
    /// 1-based line of the fault: the opening quote, or the text after the
    /// closing one.
    pub line: u64,
    /// 0-based position of the field in its record.
    pub field: usize,
    /// Whether the field is in the first record (the header).
    pub in_header: bool,
    /// True when the quote is closed but text follows it.
    pub trailing: bool,
}

/// Finds the first quoted field the CSV reader would misread.
///
/// The csv crate ends an unclosed field silently at end of file, so a single
/// missing quote swallows every later line; and it appends text after a
/// closing quote to the field. This follows the same rules as the reader
/// (quote `"`, doubled `""` inside quotes, comma, CR or LF line ends, a
/// quote only opens a field when it is the field's first byte): a closed
/// multi-line field, or a stray quote inside an unquoted field such as
/// `5" disk`, is not reported.
pub(super) fn quote_fault(bytes: &[u8]) -> Option<QuoteFault> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        /// At the start of a field (or of a record, or a blank line).
        Start,
        /// Inside an unquoted field; quotes are plain text here.
        Plain,
        /// Inside a quoted field.
        Quoted,
        /// Just after a quote inside a quoted field: it closes the field
        /// unless another quote follows (`""`).
        QuoteInQuoted,
        /// After a closing quote and blanks: only a comma or a line end
        /// may follow.
        Closed,
    }
    let mut state = State::Start;
    let mut line = 1u64;
    let mut field = 0usize;
    let mut record = 0u64;
    let mut in_record = false;
    let mut open = QuoteFault {
        line: 1,
        field: 0,
        in_header: true,
        trailing: false,
    };
    for &b in bytes {
        match (state, b) {
            (State::Quoted, b'"') => state = State::QuoteInQuoted,
            (State::Quoted, _) => {}
            (State::QuoteInQuoted, b'"') => state = State::Quoted,
            (_, b',') => {
                state = State::Start;
                field += 1;
                in_record = true;
            }
            (_, b'\r' | b'\n') => {
                state = State::Start;
                if in_record {
                    record += 1;
                }
                field = 0;
                in_record = false;
            }
            (State::Start, b'"') => {
                state = State::Quoted;
                open = QuoteFault {
                    line,
                    field,
                    in_header: record == 0,
                    trailing: false,
                };
                in_record = true;
            }
            (State::QuoteInQuoted | State::Closed, b' ' | b'\t') => state = State::Closed,
            (State::QuoteInQuoted | State::Closed, _) => {
                return Some(QuoteFault {
                    line,
                    field,
                    in_header: record == 0,
                    trailing: true,
                });
            }
            (State::Start, _) => {
                state = State::Plain;
                in_record = true;
            }
            (State::Plain, _) => {}
        }
        if b == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(open)
}

pub(super) fn fault_error(
    file: &str,
    open: QuoteFault,
    column: Option<(String, usize)>,
) -> InputError {
    let message = if open.trailing {
        "text follows the closing quote `\"` of this quoted field, so the reader would join \
         the two (`\"10\"0` would read as 100); put the whole cell inside the quotes, \
         writing a quote within it as `\"\"`, or remove the quotes"
    } else {
        "a quoted field starts here but its closing quote `\"` is missing, so every later \
         line would be read into this one field; close the quote or remove it"
    };
    InputError {
        file: file.to_string(),
        line: Some(open.line),
        column,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_at(text: &str) -> Option<(u64, usize, bool)> {
        quote_fault(text.as_bytes()).map(|o| (o.line, o.field, o.in_header))
    }

    #[test]
    fn finds_a_quoted_field_open_at_end_of_file() {
        assert_eq!(open_at("a,b\n1,\"x\n2,y\n"), Some((2, 1, false)));
        assert_eq!(open_at("a,b\n1,x\n\n\"2,y"), Some((4, 0, false)));
        assert_eq!(open_at("a,\"b\n1,x\n"), Some((1, 1, true)));
        // A doubled quote does not close the field.
        assert_eq!(open_at("a\n\"say \"\"hi\"\"\n"), Some((2, 0, false)));
        // Lines are counted inside earlier closed multi-line fields.
        assert_eq!(
            open_at("a,b\n1,\"x\r\ny\"\r\n2,\"z\r\n"),
            Some((4, 1, false))
        );
        // Blank lines before the header do not make it a data row.
        assert_eq!(open_at("\r\n\r\n\"a\n1\n"), Some((3, 0, true)));
    }

    #[test]
    fn accepts_closed_quotes_and_quotes_inside_unquoted_fields() {
        assert_eq!(open_at("a,b\n1,\"x\ny\"\n"), None);
        assert_eq!(open_at("a,b\n1,\"x\"\"\"\n"), None);
        assert_eq!(open_at("a,b\n1,5\" disk\n2,x\"y\"\n"), None);
        assert_eq!(open_at("a,b\n1,\"x\" \n2,\"y\"\t,3\n"), None);
        assert_eq!(open_at("a,b\n1,\"x\""), None);
        assert_eq!(open_at(""), None);
    }

    #[test]
    fn finds_text_after_a_closing_quote() {
        let fault =
            |text: &str| quote_fault(text.as_bytes()).map(|o| (o.line, o.field, o.trailing));
        assert_eq!(fault("a,b\nA1,\"10\"0\n"), Some((2, 1, true)));
        assert_eq!(fault("a,b\nA1,\"x\" y\n"), Some((2, 1, true)));
        assert_eq!(fault("\"a\"b,c\n1,2\n"), Some((1, 0, true)));
        // Multi-line field: the fault is on the line where the text follows.
        assert_eq!(fault("a\n\"x\ny\"z\n"), Some((3, 0, true)));
    }
}
