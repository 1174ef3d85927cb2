// A registry whose views forget one of its components does not compile.
use ferrio_app::CustomViews;
use ferrio_components::ComponentId;
use ferrio_rating::Rating;
use leptos::prelude::*;

ferrio_components::custom_blocks! {
    pub enum MyBlocks { Rating }
}

impl CustomViews for MyBlocks {
    fn view(&self, _id: ComponentId) -> AnyView {
        match self {}
    }
}

fn main() {}
