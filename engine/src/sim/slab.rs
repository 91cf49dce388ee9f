//! The simulation's slot allocators: a message, a delivery job, a command keeps its slot (its
//! index) until it is freed, and freed slots are reused, so the hot loop allocates nothing.

/// A slot allocator: indices stay valid until freed, and freed slots are reused.
pub(crate) struct Slab<T> {
    items: Vec<Option<T>>,
    free: Vec<u32>,
    live: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab {
            items: Vec::new(),
            free: Vec::new(),
            live: 0,
        }
    }
}

impl<T> Slab<T> {
    #[inline]
    pub fn insert(&mut self, item: T) -> u32 {
        self.live += 1;
        if let Some(i) = self.free.pop() {
            self.items[i as usize] = Some(item);
            i
        } else {
            self.items.push(Some(item));
            (self.items.len() - 1) as u32
        }
    }
    #[inline]
    pub fn remove(&mut self, i: u32) -> T {
        self.live -= 1;
        self.free.push(i);
        self.items[i as usize].take().expect("slab slot in use")
    }
    #[inline]
    pub fn get(&self, i: u32) -> &T {
        self.items[i as usize].as_ref().expect("slab slot in use")
    }
    #[inline]
    pub fn get_mut(&mut self, i: u32) -> &mut T {
        self.items[i as usize].as_mut().expect("slab slot in use")
    }
    pub fn len(&self) -> usize {
        self.live
    }
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter().flatten()
    }
}

/// A slot allocator for small `Copy` values on the hot path (jobs, messages): a plain vector
/// plus a free list, so a lookup is one bounds-checked index. Liveness is tracked for
/// iteration and checked on every access in debug builds.
pub(crate) struct CopySlab<T> {
    items: Vec<T>,
    live: Vec<bool>,
    free: Vec<u32>,
}

impl<T> Default for CopySlab<T> {
    fn default() -> Self {
        CopySlab {
            items: Vec::new(),
            live: Vec::new(),
            free: Vec::new(),
        }
    }
}

impl<T: Copy> CopySlab<T> {
    #[inline]
    pub fn insert(&mut self, item: T) -> u32 {
        if let Some(i) = self.free.pop() {
            self.items[i as usize] = item;
            self.live[i as usize] = true;
            i
        } else {
            self.items.push(item);
            self.live.push(true);
            (self.items.len() - 1) as u32
        }
    }
    #[inline]
    pub fn remove(&mut self, i: u32) -> T {
        debug_assert!(self.live[i as usize], "slab slot {i} is free");
        self.live[i as usize] = false;
        self.free.push(i);
        self.items[i as usize]
    }
    #[inline]
    pub fn get(&self, i: u32) -> &T {
        debug_assert!(self.live[i as usize], "slab slot {i} is free");
        &self.items[i as usize]
    }
    #[inline]
    pub fn get_mut(&mut self, i: u32) -> &mut T {
        debug_assert!(self.live[i as usize], "slab slot {i} is free");
        &mut self.items[i as usize]
    }
    /// Slots ever taken (what the slab holds in memory, live or free).
    pub fn held(&self) -> usize {
        self.items.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items
            .iter()
            .zip(&self.live)
            .filter(|(_, live)| **live)
            .map(|(item, _)| item)
    }
}
