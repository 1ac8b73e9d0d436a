"use client";

import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
} from "@dnd-kit/core";
import { rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useLayoutEffect, type ReactNode } from "react";
import { TrayTile, type TrayTileProps } from "./tray-tile";

const INSTRUCTIONS = {
  draggable:
    "Press Left or Right to move this image one place. Or press Space to pick it up, the arrow keys to move it, and Space again to drop it; Escape puts it back.",
};

export interface SortableTrayProps {
  id: string;
  keys: string[];
  announcements: Announcements;
  onDragStart: () => void;
  onDragEnd: (activeKey: string, overKey: string | null) => void;
  onDragCancel: () => void;
  /** Called once its tiles are in the page, in place of the plain ones. */
  onReady: () => void;
  /** The tray's list, drawn with the tile this module provides. */
  children: (Tile: (props: TrayTileProps) => ReactNode) => ReactNode;
}

/**
 * Drag-and-drop sorting of the tray (dnd-kit), loaded only once the tray holds a second image:
 * with one, there is nothing to sort, and the first paint needs none of it.
 */
export function SortableTray({ id, keys, announcements, onDragStart, onDragEnd, onDragCancel, onReady, children }: SortableTrayProps) {
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A short hold before a touch drags, so a swipe over the tray still scrolls the page.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  // Once, when the tiles first mount.
  useLayoutEffect(() => onReady(), []);
  return (
    <DndContext
      id={id}
      sensors={sensors}
      collisionDetection={closestCenter}
      accessibility={{ announcements, screenReaderInstructions: INSTRUCTIONS }}
      onDragStart={onDragStart}
      onDragEnd={({ active, over }) => onDragEnd(String(active.id), over ? String(over.id) : null)}
      onDragCancel={onDragCancel}
    >
      <SortableContext items={keys} strategy={rectSortingStrategy}>
        {children(SortableTile)}
      </SortableContext>
    </DndContext>
  );
}

function SortableTile(props: TrayTileProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props.item.key });
  return (
    <TrayTile
      {...props}
      sortable={{
        attributes,
        listeners,
        setNodeRef,
        setActivatorNodeRef,
        style: { transform: CSS.Translate.toString(transform), transition },
        isDragging,
      }}
    />
  );
}
