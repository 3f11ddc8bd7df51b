//! A loop beside the server (the outbox worker, the webhook dispatcher, retention): started
//! with a receiver that says when to stop, and stopped by letting the work in hand end.

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct Background {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Background {
    /// Runs `work` on a task of its own; it ends when told through its receiver.
    pub fn spawn<F>(work: impl FnOnce(watch::Receiver<bool>) -> F) -> Self
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (stop, stopped) = watch::channel(false);
        Self { stop, task: tokio::spawn(work(stopped)) }
    }

    /// Tells the loop to stop and waits until it has.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}
