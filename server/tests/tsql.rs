//! What CI can prove about the SQL Server backend without a SQL Server: every T-SQL statement
//! the backend can send (each one is declared with `statement!` and so registered) and every
//! batch of `migrations/mssql/` parses with sqlparser's SQL Server dialect, and none uses a
//! form of another database that SQL Server refuses. The checks are shown to fail on bad input.

use crm_server::store::mssql::{MIGRATIONS, batches, statement};
use sqlparser::dialect::MsSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The statement as sent: configured table names filled in as in the default configuration.
fn as_sent(sql: &str) -> String {
    sql.replace("{orders}", "sales_orders")
        .replace("{order_lines}", "sales_order_lines")
        .replace("{products}", "sales_products")
}

fn parse(sql: &str) -> Result<(), String> {
    Parser::parse_sql(&MsSqlDialect {}, sql)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Forms of other databases that SQL Server does not accept, found among the tokens (so text
/// in strings and comments does not count).
fn lint(sql: &str) -> Vec<String> {
    let tokens = match Tokenizer::new(&MsSqlDialect {}, sql).tokenize() {
        Ok(tokens) => tokens,
        Err(error) => return vec![format!("does not tokenize: {error}")],
    };
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    let mut found = Vec::new();
    for (i, token) in words.iter().enumerate() {
        match token {
            Token::Word(word) if word.quote_style.is_none() => {
                let refused = match word.keyword {
                    Keyword::LIMIT => Some("LIMIT (use OFFSET … FETCH NEXT … ROWS ONLY or TOP)"),
                    Keyword::RETURNING => Some("RETURNING (use OUTPUT INSERTED.…)"),
                    Keyword::BOOLEAN => Some("BOOLEAN (use BIT)"),
                    Keyword::AUTOINCREMENT => Some("AUTOINCREMENT (use IDENTITY)"),
                    Keyword::ILIKE => Some("ILIKE (LIKE follows the column's collation)"),
                    Keyword::CONFLICT
                        if i > 0
                            && matches!(words[i - 1], Token::Word(w) if w.keyword == Keyword::ON) =>
                    {
                        Some("ON CONFLICT (use MERGE or UPDATE then INSERT)")
                    }
                    _ => None,
                };
                found.extend(refused.map(str::to_owned));
            }
            Token::Placeholder(p) if p.starts_with('?') || p.starts_with('$') => {
                found.push(format!("placeholder {p} (use @P1, @P2, …)"));
            }
            _ => {}
        }
    }
    found
}

/// Every statement of the backend and every migration batch, named for the report.
fn everything() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = statement::all()
        .map(|s| (s.name.to_owned(), as_sent(s.sql)))
        .collect();
    for &(version, name, sql) in MIGRATIONS {
        for (n, batch) in batches(sql).into_iter().enumerate() {
            all.push((
                format!("migration {version} {name}, batch {}", n + 1),
                batch,
            ));
        }
    }
    all
}

#[test]
fn every_statement_and_migration_parses_as_tsql() {
    let all = everything();
    assert!(all.len() > 10, "only {} statements registered", all.len());
    let failures: Vec<String> = all
        .iter()
        .filter_map(|(name, sql)| parse(sql).err().map(|e| format!("{name}: {e}\n{sql}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn no_statement_uses_forms_sql_server_refuses() {
    let failures: Vec<String> = everything()
        .iter()
        .flat_map(|(name, sql)| lint(sql).into_iter().map(move |f| format!("{name}: {f}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_parser_check_fails_on_a_broken_statement() {
    assert!(parse("SELECT id FROM users WHERE id = @P1").is_ok());
    assert!(parse("SELECT id FROM users WHERE").is_err());
    assert!(parse("UPDATE users SET WHERE id = @P1").is_err());
    assert!(parse("INSERT INTO users (id VALUES (1)").is_err());
}

#[test]
fn the_lint_fails_on_each_refused_form() {
    let bad = [
        "SELECT id FROM users ORDER BY id LIMIT 10",
        "INSERT INTO users (name) VALUES (@P1) RETURNING id",
        "CREATE TABLE t (flag BOOLEAN NOT NULL)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)",
        "SELECT id FROM users WHERE name = ?",
        "SELECT id FROM users WHERE name = $1",
        "INSERT INTO sequences (name, last) VALUES (@P1, 1) ON CONFLICT (name) DO NOTHING",
        "SELECT id FROM users WHERE name ILIKE @P1",
    ];
    for sql in bad {
        assert_eq!(lint(sql).len(), 1, "{sql}: {:?}", lint(sql));
    }
    // Text in strings and comments, and T-SQL's own forms, pass.
    let good = "-- LIMIT and RETURNING are other databases' words\n\
                SELECT TOP (1) id FROM users WHERE name = N'LIMIT ?' AND id = @P1 \
                ORDER BY id OFFSET 0 ROWS FETCH NEXT 10 ROWS ONLY";
    assert_eq!(lint(good), Vec::<String>::new());
}
