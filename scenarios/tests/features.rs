//! Runs every `.feature` file under the repository's `features/` folder,
//! except `features/certify/` (its own World and target, `tests/certify.rs`).
//! Scenarios run concurrently, each World owning its own ecosystem; a
//! skipped step fails the run. `PROCSIM_JUNIT` also writes a JUnit XML
//! report: to that file when it ends in `.xml`, else `features.xml` in
//! that folder (`scenarios::support::junit`).

use std::path::{Path, PathBuf};

use cucumber::{World as _, WriterExt as _, writer};
use scenarios::World;

/// How many scenarios (ecosystems) run at once.
const CONCURRENCY: usize = 4;

#[tokio::main]
async fn main() {
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../features");
    let cucumber = World::cucumber()
        .max_concurrent_scenarios(CONCURRENCY)
        .after(|_, _, _, _, world| {
            Box::pin(async move {
                if let Some(world) = world
                    && let Err(err) = world.stop().await
                {
                    panic!("{err}");
                }
            })
        });
    match scenarios::support::junit::report_file("features") {
        Some(report) => {
            cucumber
                .with_writer(
                    writer::Basic::stdout()
                        .summarized()
                        .tee::<World, _>(writer::JUnit::for_tee(report, 0))
                        .normalized(),
                )
                .fail_on_skipped()
                .filter_run_and_exit(features, not_certify)
                .await;
        }
        None => {
            cucumber
                .fail_on_skipped()
                .filter_run_and_exit(features, not_certify)
                .await
        }
    }
}

/// The certification features have their own World (`tests/certify.rs`).
fn not_certify(
    feature: &cucumber::gherkin::Feature,
    _: Option<&cucumber::gherkin::Rule>,
    _: &cucumber::gherkin::Scenario,
) -> bool {
    let folder = feature.path.as_deref().and_then(Path::parent);
    folder.and_then(Path::file_name) != Some("certify".as_ref())
}
