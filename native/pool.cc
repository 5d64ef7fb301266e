#include "pool.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace ncps {
namespace {

class Worker {
 public:
  Worker() : thread_([this] { loop(); }) {}

  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  /** Claims the worker; false when someone else holds it. */
  bool tryClaim() { return !claimed_.exchange(true, std::memory_order_acquire); }

  void release() { claimed_.store(false, std::memory_order_release); }

  /** Hands `task` to the worker (which must be claimed). */
  void post(const std::function<void()>* task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = task;
      done_.store(false, std::memory_order_relaxed);
    }
    wake_.notify_one();
  }

  /** Waits until the posted task has finished; rethrows what it threw. */
  void wait() {
    waitDone();
    if (error_) {
      std::exception_ptr error = error_;
      error_ = nullptr;
      std::rethrow_exception(error);
    }
  }

 private:
  void waitDone() {
    // Tasks are short (tens of microseconds to milliseconds): spin briefly before sleeping.
    for (int i = 0; i < 20000; i++) {
      if (done_.load(std::memory_order_acquire)) return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [this] { return done_.load(std::memory_order_acquire); });
  }

  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || task_ != nullptr; });
      if (stopping_) return;
      const std::function<void()>* task = task_;
      task_ = nullptr;
      lock.unlock();
      try {
        (*task)();
      } catch (...) {
        error_ = std::current_exception();  // read by wait() after done_ is set
      }
      lock.lock();
      done_.store(true, std::memory_order_release);
      finished_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  const std::function<void()>* task_ = nullptr;
  std::exception_ptr error_;
  std::atomic<bool> done_{true};
  std::atomic<bool> claimed_{false};
  bool stopping_ = false;
  std::thread thread_;
};

/** The worker, started on first use and joined at exit; null when there is no second core. */
Worker* worker() {
  static std::unique_ptr<Worker> instance = []() -> std::unique_ptr<Worker> {
    if (std::thread::hardware_concurrency() < 2) return nullptr;
    try {
      return std::make_unique<Worker>();
    } catch (const std::exception&) {
      return nullptr;  // no thread to be had: everything runs on the caller's thread
    }
  }();
  return instance.get();
}

}  // namespace

void runOnBothCores(const std::function<void()>& first, const std::function<void()>& second) {
  Worker* shared = worker();
  if (shared == nullptr || !shared->tryClaim()) {
    first();
    second();
    return;
  }
  // Releases the worker on every exit path, after the task that borrows our frame is done.
  struct Release {
    Worker& w;
    ~Release() { w.release(); }
  } release{*shared};
  Worker& w = *shared;
  w.post(&second);
  try {
    first();
  } catch (...) {
    try {
      w.wait();
    } catch (...) {
    }
    throw;
  }
  w.wait();
}

}  // namespace ncps
