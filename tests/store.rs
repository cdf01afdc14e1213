//! The till database: files (migrations, refusal, backup/restore), the audit trail and
//! automatic backups, and the ledger properties. One test binary (each module was one).

mod common;

#[path = "store/audit_backup.rs"]
mod audit_backup;
#[path = "store/files.rs"]
mod files;
#[path = "store/ledger_props.rs"]
mod ledger_props;
