//! What the page and the lazy module both hold: a value shared by pointer, and how much a
//! notice matters.

use std::rc::Rc;

/// A shared value compared by pointer: a cheap change check for large values (every edit
/// makes a new one, since the reducer never mutates a value the previous state still holds).
#[derive(Debug, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> Shared<T> {
    /// A mutable reference, cloning the value first if the previous state shares it.
    pub fn make_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

/// How much a notice matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// A confirmation or a hint: fades by itself.
    Info,
    /// Something went wrong: announced assertively, stays until dismissed.
    Error,
}
