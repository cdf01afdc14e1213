//! The `Widget` methods a wrapper around one child (`self.content`, its tree the first
//! child tree) passes on unchanged: the key guard and the focusable button share them.

/// Expands to `children`, `size`, `layout`, `mouse_interaction` and `overlay` for a
/// widget with a `content: Element<'_, $m>` field, inside its `impl Widget`.
macro_rules! pass_to_content {
    ($m:ty) => {
        fn children(&self) -> Vec<iced_core::widget::Tree> {
            vec![iced_core::widget::Tree::new(&self.content)]
        }

        fn size(&self) -> iced::Size<iced::Length> {
            self.content.as_widget().size()
        }

        fn layout(
            &mut self,
            tree: &mut iced_core::widget::Tree,
            renderer: &iced::Renderer,
            limits: &iced_core::layout::Limits,
        ) -> iced_core::layout::Node {
            self.content
                .as_widget_mut()
                .layout(&mut tree.children[0], renderer, limits)
        }

        fn mouse_interaction(
            &self,
            tree: &iced_core::widget::Tree,
            layout: iced_core::layout::Layout<'_>,
            cursor: iced::mouse::Cursor,
            viewport: &iced::Rectangle,
            renderer: &iced::Renderer,
        ) -> iced::mouse::Interaction {
            self.content.as_widget().mouse_interaction(
                &tree.children[0],
                layout,
                cursor,
                viewport,
                renderer,
            )
        }

        fn overlay<'b>(
            &'b mut self,
            tree: &'b mut iced_core::widget::Tree,
            layout: iced_core::layout::Layout<'b>,
            renderer: &iced::Renderer,
            viewport: &iced::Rectangle,
            translation: iced::Vector,
        ) -> Option<iced_core::overlay::Element<'b, $m, iced::Theme, iced::Renderer>> {
            self.content.as_widget_mut().overlay(
                &mut tree.children[0],
                layout,
                renderer,
                viewport,
                translation,
            )
        }
    };
}

pub(crate) use pass_to_content;
