//! The catalogue of the active connection's Region, kept once loaded: the resolver, the plan (on every
//! keystroke) and Send all work from it, so only the first of them waits for Bedrock. Whatever changes the
//! Region's profiles (creating or deleting one, resetting Local Bedrock) invalidates it.

use std::sync::{Arc, Mutex, PoisonError};

use crate::connections::SavedConnection;
use crate::error::OutcropError;
use crate::profiles::{self, Catalog};

/// The one catalogue kept, for one connection at a time.
#[derive(Debug, Default)]
pub struct CatalogCache {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    /// Counts invalidations, so a load that started before one does not keep what it read.
    generation: u64,
    catalog: Option<KeptCatalog>,
}

#[derive(Debug)]
struct KeptCatalog {
    connection_id: String,
    region: String,
    catalog: Arc<Catalog>,
}

impl CatalogCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The catalogue kept for `saved`, without a call to Bedrock; `None` when none is (or another
    /// connection's is).
    pub fn kept(&self, saved: &SavedConnection) -> Option<Arc<Catalog>> {
        self.lock()
            .catalog
            .as_ref()
            .filter(|kept| kept.connection_id == saved.id && kept.region == saved.region)
            .map(|kept| Arc::clone(&kept.catalog))
    }

    /// The catalogue kept for `saved`, else loaded through `client` and kept.
    pub async fn get_or_load(
        &self,
        saved: &SavedConnection,
        client: &aws_sdk_bedrock::Client,
    ) -> Result<Arc<Catalog>, OutcropError> {
        match self.kept(saved) {
            Some(catalog) => Ok(catalog),
            None => self.load(saved, client).await,
        }
    }

    /// Loads the catalogue afresh through `client` and keeps it, unless it was invalidated meanwhile (then
    /// the next caller loads again).
    pub async fn load(
        &self,
        saved: &SavedConnection,
        client: &aws_sdk_bedrock::Client,
    ) -> Result<Arc<Catalog>, OutcropError> {
        let generation = self.lock().generation;
        let catalog = Arc::new(profiles::catalog(client, &saved.region).await?);
        let mut kept = self.lock();
        if kept.generation == generation {
            kept.catalog = Some(KeptCatalog {
                connection_id: saved.id.clone(),
                region: saved.region.clone(),
                catalog: Arc::clone(&catalog),
            });
        }
        Ok(catalog)
    }

    /// Forgets the catalogue kept, and any being loaded: the Region's profiles changed.
    pub fn invalidate(&self) {
        let mut kept = self.lock();
        kept.generation += 1;
        kept.catalog = None;
    }
}
