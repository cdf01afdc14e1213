//! The card readers this till listens to, saved with the shop so that they survive
//! restarts (the till window and `vafa devices listen` start them).

use super::Vafa;
use vafa_core::error::{Error, Result, Why};
use vafa_core::staff::Action;
use vafa_devices::ReaderConfig;
use vafa_devices::spec::parse_reader_spec;
use vafa_store as store;

impl Vafa {
    /// The saved readers.
    pub fn readers(&self) -> Result<Vec<ReaderConfig>> {
        Ok(store::settings::get(self.conn(), "readers")?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// Saves a reader given as `[NAME=]PROFILE@PORT[:BAUD[:8N1]]` or
    /// `[NAME=]PROFILE@usb:VID:PID[:PAGE]`; a reader of the same name is replaced.
    pub fn add_reader(&mut self, spec: &str) -> Result<ReaderConfig> {
        self.require(Action::Configure)?;
        let config = parse_reader_spec(spec)?;
        let mut all = self.readers()?;
        all.retain(|r| r.name != config.name);
        all.push(config.clone());
        self.save_readers(&all)?;
        Ok(config)
    }

    /// Forgets the reader called `name`.
    pub fn remove_reader(&mut self, name: &str) -> Result<()> {
        self.require(Action::Configure)?;
        let mut all = self.readers()?;
        let before = all.len();
        all.retain(|r| r.name != name);
        if all.len() == before {
            return Err(Error::Invalid {
                field: vafa_core::error::Field::Reader,
                value: name.into(),
                why: Why::UnknownChoice,
            });
        }
        self.save_readers(&all)
    }

    fn save_readers(&mut self, all: &[ReaderConfig]) -> Result<()> {
        let json = serde_json::to_string(all).map_err(|e| Error::Storage {
            detail: e.to_string(),
        })?;
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        let before = store::settings::get(&tx, "readers")?
            .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok());
        store::settings::put(&tx, "readers", &json, &now)?;
        self.audit(
            &tx,
            "readers",
            "readers",
            serde_json::json!({"before": before, "after": all}),
        )?;
        tx.commit()?;
        Ok(())
    }
}
