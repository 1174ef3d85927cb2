use ferrio::prelude::*;

fn picked(pick: SelectData<Radio>) -> String {
    pick.value
}

fn main() {
    Blocks::new(|b| {
        let table = b.add(Dataframe::new(Table::new(["a"])));
        let out = b.add(Textbox::new());
        // A table's selection is a cell, not a radio choice.
        table.select(picked, (), out);
        // A slider has no select event at all.
        let slider = b.add(Slider::new(0.0, 1.0));
        slider.select(|_: SelectData<Radio>| String::new(), (), out);
    });
}
