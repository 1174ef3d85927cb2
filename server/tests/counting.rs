//! The test binary's allocator: the system's, counting what each thread allocates, so a test
//! can count what one request costs (on a current-thread runtime, all of it runs on its
//! thread). Counting per thread keeps the tests running beside it out of its figures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // `const`: no lazy initialisation, which could allocate inside the allocator.
    static ALLOCATED: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

fn count(bytes: usize) {
    // `try_with`: a thread being torn down has no counter left, and is not counted.
    let _ = ALLOCATED.try_with(|a| {
        let (n, total) = a.get();
        a.set((n + 1, total + bytes as u64));
    });
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Allocations and bytes allocated on this thread so far.
pub(crate) fn allocated() -> (u64, u64) {
    ALLOCATED.with(Cell::get)
}
