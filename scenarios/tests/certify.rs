//! Runs `features/certify/`: `procsim certify supplier`'s checks as
//! Gherkin scenarios. With `PROCSIM_SUPPLIER_SETUP_URL` and its companions
//! set (README, "Run procsim inside your own tests") they judge that
//! supplier; without, procsim's own marketplace, one ecosystem per
//! scenario. A skipped step fails the run; `PROCSIM_JUNIT` also writes a
//! JUnit XML report: to that file when it ends in `.xml`, else
//! `certify.xml` in that folder.

use std::path::PathBuf;

use cucumber::{World as _, WriterExt as _, gherkin, writer};
use scenarios::certification::{Plan, World};

/// How many scenarios (ecosystems) run at once.
const CONCURRENCY: usize = 4;

#[tokio::main]
async fn main() {
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../features/certify");
    let plan = match Plan::from_env().and_then(|plan| Ok((plan.announce()?, plan))) {
        Ok((announced, plan)) => {
            println!("{announced}");
            plan
        }
        Err(err) => {
            eprintln!("procsim certify: {err}");
            std::process::exit(2);
        }
    };
    let applies = move |_: &gherkin::Feature, _: Option<&gherkin::Rule>, s: &gherkin::Scenario| {
        plan.runs(&s.tags)
    };
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
    match scenarios::support::junit::report_file("certify") {
        Some(report) => {
            cucumber
                .with_writer(
                    writer::Basic::stdout()
                        .summarized()
                        .tee::<World, _>(writer::JUnit::for_tee(report, 0))
                        .normalized(),
                )
                .fail_on_skipped()
                .filter_run_and_exit(features, applies)
                .await;
        }
        None => {
            cucumber
                .fail_on_skipped()
                .filter_run_and_exit(features, applies)
                .await
        }
    }
}
